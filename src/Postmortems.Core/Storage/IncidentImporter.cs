using Postmortems.Core.Format;

namespace Postmortems.Core.Storage;

public enum ImportOutcome { Created, Updated, Unchanged, Skipped, Failed }

/// <param name="File">The path as given or found.</param>
/// <param name="Reason">Why a file was skipped or failed; for a failure, every problem.</param>
public sealed record ImportedFile(string File, ImportOutcome Outcome, string? Id, string? Reason, IReadOnlyList<Problem> Problems);

public sealed record FileProgress(int Done, int Total, string File);

public sealed class ImportReport(IReadOnlyList<ImportedFile> files)
{
    public IReadOnlyList<ImportedFile> Files { get; } = files;
    public int Count(ImportOutcome outcome) => Files.Count(f => f.Outcome == outcome);
    public bool HasFailures => Files.Any(f => f.Outcome == ImportOutcome.Failed);
}

/// <summary>
/// Brings native incident files into the store. Idempotent: an unchanged file changes nothing, a changed one
/// becomes a new revision. A bad file is reported with its problems and the rest goes on.
/// </summary>
public sealed class IncidentImporter(IncidentStore store, IncidentValidator validator)
{
    public ImportReport Import(string path, string author, IProgress<FileProgress>? progress = null, CancellationToken cancellation = default)
    {
        var root = Directory.Exists(path) ? Path.GetFullPath(path) : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var files = IncidentFiles.Enumerate(path);
        var results = new List<ImportedFile>(files.Count);
        var idsInThisImport = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var file = files[i];
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            results.Add(ImportOne(file, relative, author, idsInThisImport));
            progress?.Report(new FileProgress(i + 1, files.Count, relative));
        }
        return new ImportReport(results);
    }

    private ImportedFile ImportOne(string file, string relative, string author, Dictionary<string, string> idsInThisImport)
    {
        string text;
        try
        {
            text = IncidentFiles.Read(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Failed(file, null, e.Message, [new Problem(file, 1, e.Message)]);
        }

        var document = IncidentDocument.Parse(text, file);
        if (IncidentDocument.NotAnIncidentReason(document, file) is { } skip) return new ImportedFile(file, ImportOutcome.Skipped, null, skip, []);

        var problems = validator.Validate(document, fileNameMustMatchId: false);
        var id = document.Incident.Id;
        if (problems.Count > 0) return Failed(file, id, $"{problems.Count} problem(s)", problems);

        if (idsInThisImport.TryGetValue(id!, out var first))
        {
            var message = $"Id '{id}' is already used by {first} in this import";
            return Failed(file, id, message, [new Problem(file, document.LineOf("id"), message, "Give each incident its own id")]);
        }
        idsInThisImport[id!] = relative;

        var saved = store.Save(document, author, relative);
        var outcome = saved.Outcome switch
        {
            SaveOutcome.Created => ImportOutcome.Created,
            SaveOutcome.Updated => ImportOutcome.Updated,
            _ => ImportOutcome.Unchanged,
        };
        return new ImportedFile(file, outcome, id, null, []);
    }

    private static ImportedFile Failed(string file, string? id, string reason, IReadOnlyList<Problem> problems) =>
        new(file, ImportOutcome.Failed, id, reason, problems);
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Postmortems.Core.Format;
using Postmortems.Core.Import.Documents;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;

namespace Postmortems.Core.Import;

public enum ImportOutcome { Created, Updated, Unchanged, Skipped, Failed }

/// <param name="File">The path as given or found.</param>
/// <param name="Path">The path relative to the imported folder: what the incident records as its source.</param>
/// <param name="Format">How the file was read (see <see cref="SourceFormat"/>); null when it was not read.</param>
/// <param name="Reason">Why a file was skipped or failed.</param>
/// <param name="Mapped">Fields taken from where the file states them.</param>
/// <param name="Guessed">Fields inferred from the text, to check.</param>
/// <param name="NotConverted">What of a converted document (Word, Confluence) is not in the incident: images, macros, ...</param>
public sealed record ImportedFile(
    string File,
    string Path,
    ImportOutcome Outcome,
    string? Id = null,
    string? Format = null,
    string? Reason = null,
    IReadOnlyList<Problem>? Problems = null,
    IReadOnlyList<string>? Mapped = null,
    IReadOnlyList<string>? Guessed = null,
    IReadOnlyList<Suggestion>? Suggestions = null,
    IReadOnlyList<string>? NotConverted = null);

public sealed record ImportOptions(string Author)
{
    public IReadOnlyList<Glob> Include { get; init; } = [];
    public IReadOnlyList<Glob> Exclude { get; init; } = [];

    /// <summary>Work out and report everything, write nothing.</summary>
    public bool DryRun { get; init; }
}

public sealed class ImportReport(IReadOnlyList<ImportedFile> files)
{
    public IReadOnlyList<ImportedFile> Files { get; } = files;
    public int Count(ImportOutcome outcome) => Files.Count(f => f.Outcome == outcome);
    public bool HasFailures => Files.Any(f => f.Outcome == ImportOutcome.Failed);
}

/// <summary>
/// An import stopped by an error that is not one file's: <see cref="Report"/> lists what was done before it, the
/// incidents it lists as created or updated being committed.
/// </summary>
public sealed class ImportInterruptedException(ImportReport report, string? file, Exception inner)
    : Exception($"The import stopped{(file is null ? "" : $" at {file}")}: {inner.Message}", inner)
{
    public ImportReport Report { get; } = report;
}

/// <summary>
/// Brings a folder of postmortems into the store: native files as they are, other archives (foreign front matter,
/// free-form Markdown) converted without losing a word, their original bytes kept beside them. Idempotent: a file
/// whose bytes did not change changes nothing; a changed one becomes a new revision. A bad file is reported and the
/// rest goes on. Files are read, parsed and validated on a thread of their own, a few ahead of the one being saved;
/// saves go in the order of the files, in store batches (a stopped import keeps every batch committed before it stopped).
/// </summary>
public sealed partial class IncidentImporter(IncidentStore store, IncidentValidator validator, Suggester? suggester = null)
{
    private static readonly HashSet<string> TextExtensions = [".md", ".markdown", ".mdown", ".txt", ""];

    public ImportReport Import(string path, string author, IProgress<FileProgress>? progress = null, CancellationToken cancellation = default) =>
        Import(path, new ImportOptions(author), progress, cancellation);

    public ImportReport Import(string path, ImportOptions options, IProgress<FileProgress>? progress = null, CancellationToken cancellation = default)
    {
        var root = Directory.Exists(path) ? System.IO.Path.GetFullPath(path) : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var files = Enumerate(path);
        var results = new List<ImportedFile>(files.Count);
        var idsInThisImport = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var reads = new BlockingCollection<FileRead>(ReadAhead);
        var reader = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var entry in files)
                {
                    var relative = System.IO.Path.GetRelativePath(root, entry.Path).Replace('\\', '/');
                    if (entry.SkipReason is { } skipped)
                        reads.Add(new FileRead(entry.Path, relative, new ImportedFile(entry.Path, relative, ImportOutcome.Skipped, Reason: skipped)), stop.Token);
                    else if (IsZip(entry.Path) && SkipByName(relative, options) is null && IncidentFiles.LinkOutside(root, entry.Path) is null)
                        foreach (var page in ReadZipOrFail(entry.Path, relative)) reads.Add(page, stop.Token);
                    else
                        reads.Add(ReadOrFail(root, entry.Path, relative, options), stop.Token);
                }
            }
            finally
            {
                reads.CompleteAdding();
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // Saves are committed a batch at a time: what the store reports committed is what a stopped import reports.
        var committed = new HashSet<string>(StringComparer.Ordinal);
        void OnSaved(StoredIncident record, IncidentDocument document)
        {
            lock (committed) committed.Add(record.Id);
        }
        store.Saved += OnSaved;
        string? current = null;
        try
        {
            try
            {
                using var batch = options.DryRun ? null : store.Batch();
                foreach (var read in reads.GetConsumingEnumerable(cancellation))
                {
                    current = read.Relative;
                    results.Add(read.Done ?? Finish(read, options, idsInThisImport));
                    progress?.Report(new FileProgress(results.Count, Math.Max(results.Count, files.Count), read.Relative));
                }
            }
            finally
            {
                stop.Cancel();
                // Its failure, if any, is thrown below; when this block is left by another exception, that one says more.
                ((IAsyncResult)reader).AsyncWaitHandle.WaitOne();
            }
            if (reader.Exception?.InnerException is { } failed and not OperationCanceledException)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            List<ImportedFile> kept;
            lock (committed) kept = [.. results.Where(f => options.DryRun || f.Outcome is not (ImportOutcome.Created or ImportOutcome.Updated) || committed.Contains(f.Id!))];
            throw new ImportInterruptedException(new ImportReport(kept), current, e);
        }
        finally
        {
            store.Saved -= OnSaved;
        }
        return new ImportReport(results);
    }

    /// <summary>How many files one thread reads and parses ahead of the one being saved.</summary>
    private const int ReadAhead = 32;

    /// <summary>
    /// What can be worked out from one file alone, on any thread: its bytes, its document, and for a native file its
    /// problems. <see cref="Done"/> is set when nothing is left to do (skipped, unreadable).
    /// </summary>
    private sealed record FileRead(string File, string Relative, ImportedFile? Done = null, IncidentDocument? Document = null,
        byte[]? Bytes = null, string Sha256 = "", IReadOnlyList<Problem>? NativeProblems = null, ConvertedDocument? Converted = null);

    /// <summary>Every file under the folder (or the one file), hidden files and folders left out, links to folders followed once.</summary>
    private static IReadOnlyList<FolderEntry> Enumerate(string path) => FolderWalk.Entries(path, skipHidden: true);

    /// <summary>A file that cannot be read (it vanished, a link loop on its way) fails alone: the import goes on.</summary>
    private FileRead ReadOrFail(string root, string file, string relative, ImportOptions options)
    {
        try
        {
            return Read(root, file, relative, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileRead(file, relative, new ImportedFile(file, relative, ImportOutcome.Failed, Reason: e.Message, Problems: [new Problem(file, 1, e.Message)]));
        }
    }

    private FileRead Read(string root, string file, string relative, ImportOptions options)
    {
        if (SkipByName(relative, options) is { } skip) return new FileRead(file, relative, new ImportedFile(file, relative, ImportOutcome.Skipped, Reason: skip));
        if (IncidentFiles.LinkOutside(root, file) is { } outside)
        {
            var link = new Problem(file, 1, $"The file is a link to {outside}, outside the imported folder; it was not read", "Copy the file into the folder instead of linking to it");
            return new FileRead(file, relative, new ImportedFile(file, relative, ImportOutcome.Failed, Reason: $"a link to {outside}, outside the imported folder: not read", Problems: [link]));
        }

        byte[] bytes;
        string text;
        ConvertedDocument? converted = null;
        try
        {
            bytes = IncidentFiles.ReadBytes(file, IsConverted(file) ? DocumentConverters.MaxBytes : IncidentFiles.MaxBytes);
            if (IsConverted(file))
            {
                converted = DocumentConverters.Convert(bytes, file, out var notAPostmortem);
                if (converted is null) return new FileRead(file, relative, new ImportedFile(file, relative, ImportOutcome.Skipped, Reason: notAPostmortem));
                text = converted.Markdown;
            }
            else
            {
                text = IncidentFiles.Decode(bytes, file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return new FileRead(file, relative, new ImportedFile(file, relative, ImportOutcome.Failed, Reason: e.Message, Problems: [new Problem(file, 1, e.Message)]));
        }
        if (string.IsNullOrWhiteSpace(text)) return new FileRead(file, relative, new ImportedFile(file, relative, ImportOutcome.Skipped, Reason: "empty"));

        var document = IncidentDocument.Parse(text, file);
        if (document.Refusal is { } refusal) return new FileRead(file, relative, new ImportedFile(file, relative, ImportOutcome.Failed, Reason: refusal.Message, Problems: [refusal]));
        if (IncidentDocument.NotAnIncidentReason(document, file) is { } notAnIncident && notAnIncident != IncidentDocument.NoFrontMatter)
            return new FileRead(file, relative, new ImportedFile(file, relative, ImportOutcome.Skipped, Reason: notAnIncident));

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return new FileRead(file, relative, Document: document, Bytes: bytes, Sha256: sha256,
            NativeProblems: converted is null && IsNative(document) ? validator.Validate(document) : null, Converted: converted);
    }

    /// <summary>The part that needs the store and the files before this one: ids, conversion, the save.</summary>
    private ImportedFile Finish(FileRead read, ImportOptions options, Dictionary<string, string> idsInThisImport) =>
        read.NativeProblems is { } problems
            ? ImportNative(read.Document!, problems, read.File, read.Relative, read.Sha256, options, idsInThisImport)
            : ImportConverted(read, options, idsInThisImport);

    /// <summary>
    /// Our own format: a slug id, a title, and a status or severity of ours. Anything else with front matter is another
    /// schema (an "id: 42" or "status: resolved" is theirs), converted rather than rejected.
    /// </summary>
    private static bool IsNative(IncidentDocument document)
    {
        var incident = document.Incident;
        return document.FrontMatter.Readable && incident.Id is { } id && GapTaxonomy.Slug().IsMatch(id) && incident.Title is not null &&
               (IncidentStatus.All.Contains(incident.Status ?? "") || IncidentSeverity.All.Contains(incident.Severity ?? ""));
    }

    private ImportedFile ImportNative(IncidentDocument document, IReadOnlyList<Problem> problems, string file, string relative, string sha256, ImportOptions options, Dictionary<string, string> ids)
    {
        var errors = problems.Where(p => !p.IsWarning).ToList();
        var id = document.Incident.Id;
        if (errors.Count > 0)
            return new ImportedFile(file, relative, ImportOutcome.Failed, id, SourceFormat.Native, $"{errors.Count} problem(s)", errors);
        if (ids.TryGetValue(id!, out var first))
        {
            var message = $"Id '{id}' is already used by {first} in this import";
            return new ImportedFile(file, relative, ImportOutcome.Failed, id, SourceFormat.Native, message, [new Problem(file, document.LineOf("id"), message, "Give each incident its own id")]);
        }
        ids[id!] = relative;
        var suggestions = Suggest(document, id!);
        return Save(document, file, new ImportSource(relative, null, sha256, SourceFormat.Native, suggestions), options, mapped: ["every field: native format"], guessed: []);
    }

    private ImportedFile ImportConverted(FileRead read, ImportOptions options, Dictionary<string, string> ids)
    {
        var (file, relative, bytes, sha256) = (read.File, read.Relative, read.Bytes!, read.Sha256);
        var plan = read.Converted is { } converted ? ArchiveConverter.Plan(read.Document!, relative, converted) : ArchiveConverter.Plan(read.Document!, relative);
        var notConverted = read.Converted?.NotConverted;
        var id = store.IdForSource(relative) ?? UniqueId(plan.ProposedId(), relative, ids);
        if (ids.TryGetValue(id, out var first) && first != relative) id = UniqueId(id, relative, ids);
        ids[id] = relative;

        var document = IncidentDocument.Parse(plan.ToMarkdown(id, relative, sha256), file);
        var errors = validator.Validate(document).Where(p => !p.IsWarning).ToList();
        if (errors.Count > 0)
            return new ImportedFile(file, relative, ImportOutcome.Failed, id, plan.Format, $"converted, but {errors.Count} problem(s) remain", errors, plan.Mapped, plan.Guessed, NotConverted: notConverted);

        var suggestions = Suggest(document, id);
        return Save(document, file, new ImportSource(relative, bytes, sha256, plan.Format, suggestions), options, plan.Mapped, plan.Guessed) with { NotConverted = notConverted };
    }

    private ImportedFile Save(IncidentDocument document, string file, ImportSource source, ImportOptions options, IReadOnlyList<string> mapped, IReadOnlyList<string> guessed)
    {
        var id = document.Incident.Id!;
        ImportOutcome outcome;
        if (options.DryRun)
        {
            var existing = store.Get(id);
            outcome = existing is null ? ImportOutcome.Created
                : existing.SourceSha256 == source.Sha256 && existing.Source == source.Path || existing.Markdown == document.Text ? ImportOutcome.Unchanged
                : ImportOutcome.Updated;
        }
        else
        {
            outcome = store.Save(document, options.Author, source).Outcome switch
            {
                SaveOutcome.Created => ImportOutcome.Created,
                SaveOutcome.Updated => ImportOutcome.Updated,
                _ => ImportOutcome.Unchanged,
            };
        }
        return new ImportedFile(file, source.Path, outcome, id, source.Format, Mapped: mapped, Guessed: guessed, Suggestions: source.Suggestions);
    }

    private IReadOnlyList<Suggestion> Suggest(IncidentDocument document, string id) =>
        suggester?.Suggest(document.Text, document.Incident.Gaps.Select(g => g.Id).ToList(), document.Incident.Differences, id) ?? [];

    /// <summary>The proposed id, or, when another file already has it, the id with a short hash of this file's path.</summary>
    private string UniqueId(string proposed, string relative, Dictionary<string, string> ids)
    {
        if (!ids.ContainsKey(proposed) && !store.Exists(proposed)) return proposed;
        var suffix = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(relative)))[..8];
        return $"{proposed}-{suffix}";
    }

    /// <summary>Files that describe an archive rather than an incident, and what --include and --exclude leave out.</summary>
    private static string? SkipByName(string relative, ImportOptions options)
    {
        if (options.Include.Count > 0 && !options.Include.Any(g => g.Matches(relative))) return "not matched by --include";
        if (options.Exclude.FirstOrDefault(g => g.Matches(relative)) is { } excluded) return $"excluded by --exclude {excluded.Pattern}";

        var name = System.IO.Path.GetFileName(relative);
        var extension = System.IO.Path.GetExtension(name).ToLowerInvariant();
        if (!TextExtensions.Contains(extension) && !DocumentConverters.Extensions.Contains(extension) && extension != ".zip" && !HasSpaceSeparatedTitle().IsMatch(name))
            return "not a Markdown or text file";
        if (ArchiveFileName().IsMatch(System.IO.Path.GetFileNameWithoutExtension(name)) || ArchiveFileName().IsMatch(name))
            return "describes the archive, not an incident (README, LICENSE, CHANGELOG, SOURCE, ...)";
        if (name.Contains("template", StringComparison.OrdinalIgnoreCase)) return "a template, not an incident";
        return null;
    }

    private static bool IsConverted(string file) => DocumentConverters.Extensions.Contains(System.IO.Path.GetExtension(file).ToLowerInvariant());

    private static bool IsZip(string file) => System.IO.Path.GetExtension(file).Equals(".zip", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A Confluence space's export, page by page: each page is a file of its own, its path the zip's and the page's
    /// ("spaces/ENG.zip/Checkout-outage_123.html"), its original bytes the page's HTML. Another zip is skipped.
    /// </summary>
    private static IReadOnlyList<FileRead> ReadZipOrFail(string file, string relative)
    {
        try
        {
            using var files = Core.Import.Chat.ExportFiles.Open(file);
            if (!ConfluenceConverter.IsExport(files))
                return [new FileRead(file, relative, new ImportedFile(file, relative, ImportOutcome.Skipped, Reason: "a zip that is not a Confluence space export (no index.html from Confluence)"))];
            return [.. ConfluenceConverter.Pages(files).Select(page =>
            {
                var (pageFile, pageRelative) = ($"{file}/{page.Path}", $"{relative}/{page.Path}");
                if (page.Converted is not { } converted)
                    return new FileRead(pageFile, pageRelative, new ImportedFile(pageFile, pageRelative, ImportOutcome.Skipped, Reason: page.NotAPostmortem));
                return new FileRead(pageFile, pageRelative, Document: IncidentDocument.Parse(converted.Markdown, pageFile), Bytes: page.Bytes,
                    Sha256: Convert.ToHexStringLower(SHA256.HashData(page.Bytes)), Converted: converted);
            })];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return [new FileRead(file, relative, new ImportedFile(file, relative, ImportOutcome.Failed, Reason: e.Message, Problems: [new Problem(file, 1, e.Message)]))];
        }
    }

    [GeneratedRegex(@"^(readme|license|licence|copying|changelog|changes|contributing|code_of_conduct|source|authors|notice|index|summary|sidebar|_sidebar)$", RegexOptions.IgnoreCase)]
    private static partial Regex ArchiveFileName();

    /// <summary>A name like "PM2022-009 - Bad AWS EKS AMI causing Kubernetes issues": the dots are words, not an extension.</summary>
    [GeneratedRegex(@"\s-\s|\s\S+\s")]
    private static partial Regex HasSpaceSeparatedTitle();
}

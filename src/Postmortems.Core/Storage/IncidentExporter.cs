namespace Postmortems.Core.Storage;

public static class IncidentExporter
{
    /// <summary>Writes every incident as <c>&lt;id&gt;.md</c>, exactly the text stored. Returns how many were written.</summary>
    public static int Export(IncidentStore store, string directory, IProgress<FileProgress>? progress = null)
    {
        Directory.CreateDirectory(directory);
        var root = Path.GetFullPath(directory);
        var total = store.Count();
        var written = 0;
        foreach (var incident in store.All())
        {
            var file = $"{incident.Id}.md";
            IncidentFiles.Write(TargetPath(root, file), incident.Markdown);
            written++;
            progress?.Report(new FileProgress(written, total, file));
        }
        return written;
    }

    /// <summary>Where a file goes: never outside the export folder, never through a link (ids are slugs; this is the second wall).</summary>
    internal static string TargetPath(string root, string file)
    {
        var path = Path.GetFullPath(Path.Combine(root, file));
        if (!IncidentFiles.IsInside(root, path) || Path.GetDirectoryName(path) != Path.TrimEndingDirectorySeparator(root))
            throw new InvalidDataException($"Incident file name '{file}' would be written outside {root}; nothing was written for it");
        if (new FileInfo(path).LinkTarget is { } target)
            throw new InvalidDataException($"{path} is a link (to {target}); export writes only plain files in its folder. Remove the link and export again");
        return path;
    }
}

/// <summary>What <c>export --salvage</c> did: the incidents written, and the ones that could not be read, with why.</summary>
public sealed record SalvageReport(int Written, IReadOnlyList<DamagedDocument> Unreadable, IReadOnlyList<DamagedDocument> Suspect);

public static class IncidentSalvage
{
    /// <summary>
    /// Writes every incident of a (possibly damaged) database file that can still be read as <c>&lt;id&gt;.md</c>, and
    /// lists the rest; never stops halfway. An incident whose text no longer matches its checksum is written too, and
    /// listed as suspect.
    /// </summary>
    /// <exception cref="StoreDamagedException">The file cannot be opened, or its incidents cannot even be listed.</exception>
    public static SalvageReport Export(string databaseFile, string directory, IProgress<FileProgress>? progress = null)
    {
        using var reader = new DamageTolerantReader(databaseFile);
        var ids = reader.Ids(DamageTolerantReader.Incidents);
        Directory.CreateDirectory(directory);
        var root = Path.GetFullPath(directory);
        var unreadable = new List<DamagedDocument>();
        var suspect = new List<DamagedDocument>();
        var written = 0;
        var done = 0;
        foreach (var id in ids.Select(i => i.AsString))
        {
            var (incident, error) = reader.ReadIncident(id);
            if (incident is null)
            {
                unreadable.Add(new DamagedDocument(DamageTolerantReader.Incidents, id, error!));
            }
            else if (SalvagePath(root, incident.Id, out var refused) is not { } path)
            {
                unreadable.Add(new DamagedDocument(DamageTolerantReader.Incidents, id, refused!));
            }
            else
            {
                IncidentFiles.Write(path, incident.Markdown);
                written++;
                if (StoreVerifier.ChecksumProblem(incident) is { } mismatch) suspect.Add(new DamagedDocument(DamageTolerantReader.Incidents, id, mismatch));
            }
            progress?.Report(new FileProgress(++done, ids.Count, $"{id}.md"));
        }
        return new SalvageReport(written, unreadable, suspect);
    }

    private static string? SalvagePath(string root, string id, out string? refused)
    {
        refused = null;
        try
        {
            return IncidentExporter.TargetPath(root, $"{id}.md");
        }
        catch (InvalidDataException e)
        {
            refused = e.Message;
            return null;
        }
    }
}

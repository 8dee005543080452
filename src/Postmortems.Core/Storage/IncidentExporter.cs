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
    private static string TargetPath(string root, string file)
    {
        var path = Path.GetFullPath(Path.Combine(root, file));
        if (!IncidentFiles.IsInside(root, path) || Path.GetDirectoryName(path) != Path.TrimEndingDirectorySeparator(root))
            throw new InvalidDataException($"Incident file name '{file}' would be written outside {root}; nothing was written for it");
        if (new FileInfo(path).LinkTarget is { } target)
            throw new InvalidDataException($"{path} is a link (to {target}); export writes only plain files in its folder. Remove the link and export again");
        return path;
    }
}

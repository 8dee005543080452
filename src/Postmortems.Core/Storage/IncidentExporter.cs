namespace Postmortems.Core.Storage;

public static class IncidentExporter
{
    /// <summary>Writes every incident as <c>&lt;id&gt;.md</c>, exactly the text stored. Returns how many were written.</summary>
    public static int Export(IncidentStore store, string directory, IProgress<FileProgress>? progress = null)
    {
        Directory.CreateDirectory(directory);
        var total = store.Count();
        var written = 0;
        foreach (var incident in store.All())
        {
            var file = $"{incident.Id}.md";
            IncidentFiles.Write(Path.Combine(directory, file), incident.Markdown);
            written++;
            progress?.Report(new FileProgress(written, total, file));
        }
        return written;
    }
}

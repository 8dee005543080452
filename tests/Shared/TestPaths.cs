namespace Postmortems.Tests;

/// <summary>Where the repository's folders are, found from the test binaries, so tests run from any working directory.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Content => Path.Combine(RepoRoot, "content");

    public static string ContentIncidents => Path.Combine(Content, "incidents");

    /// <summary>The public postmortem archives beside the project, or null where they are not present (a plain clone).</summary>
    public static string? SharedCorpus =>
        Path.Combine(RepoRoot, "..", "shared", "corpus") is var path && Directory.Exists(path) ? Path.GetFullPath(path) : null;

    public static IEnumerable<string> SeedIncidentFiles() =>
        Directory.EnumerateFiles(ContentIncidents, "*.md").Order(StringComparer.Ordinal);

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Postmortems.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No Postmortems.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>A fresh folder under the system temp directory, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "postmortems-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

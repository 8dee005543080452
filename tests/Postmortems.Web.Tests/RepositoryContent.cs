using Postmortems.Core.Format;

namespace Postmortems.Web.Tests;

/// <summary>The repository's content/ folder and its seed incidents, read the way the tests expect the app to.</summary>
public static class RepositoryContent
{
    public static string Root { get; } = FindRoot();

    public static string Directory { get; } = Path.Combine(Root, "content");

    public static IReadOnlyList<Incident> Incidents { get; } =
        System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "incidents"), "*.md")
            .Order(StringComparer.Ordinal)
            .Select(file => IncidentDocument.Parse(File.ReadAllText(file), file).Incident)
            .ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Postmortems.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Postmortems.sln");
    }
}

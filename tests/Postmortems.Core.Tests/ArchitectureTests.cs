using System.Text.RegularExpressions;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Core.Tests;

/// <summary>
/// Which way Core's parts depend on each other, read from the source: a part is a namespace under Postmortems.Core
/// (Import.Documents counts as Import), and it depends on another where one of its files names it in a using
/// directive or names one of its types qualified (<c>Postmortems.Core.Search.X</c>, or <c>Search.X</c> from inside
/// Postmortems.Core). Dependencies must run one way, so that each part can be read, tested and replaced (the store,
/// for PostgreSQL) on top of the ones below it.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string CoreSource = Path.Combine(TestPaths.RepoRoot, "src", "Postmortems.Core");

    private static readonly HashSet<string> CoreTypeNames = typeof(IncidentStore).Assembly.GetTypes()
        .Select(t => t.FullName!.Split('+', '`')[0]).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^namespace Postmortems\.Core(?:\.(\w+))?", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^using (?:static )?Postmortems\.Core\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"(?<![\w.])(?:Postmortems\.Core\.)?([A-Z]\w*)\.([A-Z]\w*)")]
    private static partial Regex QualifiedName();

    /// <summary>Each part and the parts it depends on.</summary>
    public static IReadOnlyDictionary<string, SortedSet<string>> Dependencies()
    {
        var parts = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(CoreSource, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(CoreSource, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal)) continue;
            var text = File.ReadAllText(file);
            var part = NamespaceLine().Match(text) is { Success: true } m && m.Groups[1].Success ? m.Groups[1].Value : "Core";
            var uses = parts.TryGetValue(part, out var known) ? known : parts[part] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Match use in UsingLine().Matches(text)) uses.Add(use.Groups[1].Value);
            foreach (Match name in QualifiedName().Matches(text))
            {
                if (CoreTypeNames.Contains($"Postmortems.Core.{name.Groups[1].Value}.{name.Groups[2].Value}")) uses.Add(name.Groups[1].Value);
            }
            uses.Remove(part);
        }
        return parts;
    }

    [Fact]
    public void Core_has_no_dependency_cycle_between_its_parts()
    {
        var dependencies = Dependencies();
        Assert.Contains("Storage", dependencies["Import"]);
        Assert.Contains("Format", dependencies["Storage"]);

        var cycle = FindCycle(dependencies);

        Assert.True(cycle is null, $"Core's parts depend on each other in a circle: {string.Join(" -> ", cycle ?? [])}. " +
            "Move the type both need to the lower part, or pass what is needed in from above (docs/architecture.md).");
    }

    [Fact]
    public void The_format_depends_on_no_other_part_of_core()
    {
        Assert.Empty(Dependencies()["Format"]);
    }

    [Fact]
    public void No_csharp_file_in_src_is_over_400_lines()
    {
        var source = Path.Combine(TestPaths.RepoRoot, "src");
        var tooLong = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(source, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 400)
            .Select(f => $"{f.File} ({f.Lines} lines)")
            .ToList();

        Assert.True(tooLong.Count == 0, "Split these by what they do: " + string.Join(", ", tooLong));
    }

    [Fact]
    public void A_cycle_is_found_and_named()
    {
        var parts = new Dictionary<string, SortedSet<string>>
        {
            ["Format"] = [],
            ["Storage"] = ["Format", "Import"],
            ["Import"] = ["Search"],
            ["Search"] = ["Storage", "Format"],
        };

        Assert.Equal(["Import", "Search", "Storage", "Import"], FindCycle(parts));
        parts["Storage"].Remove("Import");
        Assert.Null(FindCycle(parts));
    }

    /// <summary>A path that comes back to where it started, or null when there is none.</summary>
    private static List<string>? FindCycle(IReadOnlyDictionary<string, SortedSet<string>> dependencies)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string part)
        {
            if (path.IndexOf(part) is var at and >= 0) return [.. path[at..], part];
            if (!done.Add(part)) return null;
            path.Add(part);
            foreach (var next in dependencies.GetValueOrDefault(part) ?? [])
            {
                if (Visit(next) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }

        return dependencies.Keys.Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(c => c is not null);
    }
}

using System.Text.RegularExpressions;
using Postmortems.Core.Format;
using YamlDotNet.RepresentationModel;

namespace Postmortems.Core.Taxonomy;

/// <param name="Signals">Phrases that, found in an incident's text, suggest this gap let it through.</param>
public sealed record Gap(string Id, string Title, string Kind, IReadOnlyList<string> Aliases, string Description, IReadOnlyList<string> Checklist, string Markdown)
{
    public IReadOnlyList<string> Signals { get; init; } = [];
}

public sealed record Difference(string Id, string Title, string Description)
{
    public IReadOnlyList<string> Signals { get; init; } = [];
}

public static class GapKind
{
    public static readonly IReadOnlyList<string> All = ["review", "testing", "release", "observability"];
}

/// <summary>The differences list and the gap files of a content directory.</summary>
public sealed partial class GapTaxonomy
{
    private readonly Dictionary<string, Gap> _gapsByIdOrAlias = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Difference> _differences = new(StringComparer.OrdinalIgnoreCase);

    public GapTaxonomy(IEnumerable<Gap> gaps, IEnumerable<Difference> differences)
    {
        Gaps = gaps.OrderBy(g => GapKindOrder(g.Kind)).ThenBy(g => g.Id, StringComparer.Ordinal).ToList();
        foreach (var gap in Gaps)
        {
            _gapsByIdOrAlias[gap.Id] = gap;
            foreach (var alias in gap.Aliases) _gapsByIdOrAlias.TryAdd(alias, gap);
        }
        Differences = differences.ToList();
        foreach (var difference in Differences) _differences[difference.Id] = difference;
    }

    public IReadOnlyList<Gap> Gaps { get; }
    public IReadOnlyList<Difference> Differences { get; }

    /// <summary>The gap with this id, or the gap that was renamed from it.</summary>
    public Gap? FindGap(string id) => _gapsByIdOrAlias.GetValueOrDefault(id);

    /// <summary>
    /// The id a gap is filed under now, for its id or an alias (a former id, another spelling), so the index, queries
    /// and counts all meet on one id; an id the taxonomy does not know is kept as written.
    /// </summary>
    public string CurrentGapId(string id) => FindGap(id)?.Id ?? id;

    public Difference? FindDifference(string id) => _differences.GetValueOrDefault(id);

    public IEnumerable<string> GapIdsAndAliases => _gapsByIdOrAlias.Keys;

    private static int GapKindOrder(string kind) => GapKind.All.Contains(kind) ? GapKind.All.ToList().IndexOf(kind) : GapKind.All.Count;

    public const string DifferencesFile = "differences.yaml";
    public const string GapsFolder = "gaps";

    /// <summary>Reads <c>differences.yaml</c> and <c>gaps/*.md</c>; every problem found is reported, the rest is loaded.</summary>
    public static GapTaxonomy Load(string contentDirectory, List<Problem> problems)
    {
        var differences = LoadDifferences(Path.Combine(contentDirectory, DifferencesFile), problems);
        var gapsDirectory = Path.Combine(contentDirectory, GapsFolder);
        var gaps = new List<Gap>();
        if (Directory.Exists(gapsDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(gapsDirectory, "*.md").Order(StringComparer.Ordinal))
            {
                if (ReadGap(File.ReadAllText(file), file, problems) is { } gap) gaps.Add(gap);
            }
        }
        else
        {
            problems.Add(new Problem(gapsDirectory, 1, "The gap taxonomy folder does not exist", $"Point the content directory at a folder with '{GapsFolder}/'"));
        }
        return new GapTaxonomy(gaps, differences);
    }

    public static GapTaxonomy LoadOrThrow(string contentDirectory)
    {
        var problems = new List<Problem>();
        var taxonomy = Load(contentDirectory, problems);
        if (problems.Count > 0)
            throw new InvalidDataException($"The taxonomy in {contentDirectory} has problems:\n" + string.Join('\n', problems));
        return taxonomy;
    }

    private static List<Difference> LoadDifferences(string file, List<Problem> problems)
    {
        if (!File.Exists(file))
        {
            problems.Add(new Problem(file, 1, "The differences list does not exist", "Create it with one '- id: config' entry per difference"));
            return [];
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(file)));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            problems.Add(new Problem(file, (int)e.Start.Line, $"Not valid YAML: {(e.InnerException?.Message ?? e.Message).Split('\n')[0]}"));
            return [];
        }
        var differences = new List<Difference>();
        if (stream.Documents.FirstOrDefault()?.RootNode is not YamlSequenceNode list) return differences;
        foreach (var entry in list.Children.OfType<YamlMappingNode>())
        {
            string Value(string key) => entry.Scalar(key) ?? "";
            var id = Value("id");
            if (!Slug().IsMatch(id))
            {
                problems.Add(new Problem(file, (int)entry.Start.Line, $"Difference id '{id}' is not a slug", "Use lowercase letters, digits and dashes"));
                continue;
            }
            differences.Add(new Difference(id, Value("title"), Value("description")) { Signals = entry.List("signals") });
        }
        return differences;
    }

    public static Gap? ReadGap(string text, string file, List<Problem> problems)
    {
        var count = problems.Count;
        var body = text.TrimStart('\uFEFF');
        var frontMatter = FrontMatter.Read(body, file, problems);
        if (problems.Count > count) return null;

        var id = frontMatter.Mapping.Scalar("id") ?? "";
        var kind = frontMatter.Mapping.Scalar("kind") ?? "";
        var title = frontMatter.Mapping.Scalar("title") ?? "";
        if (!Slug().IsMatch(id))
            problems.Add(new Problem(file, frontMatter.LineOf("id"), $"Gap id '{id}' is not a slug", "Use lowercase letters, digits and dashes, the same as the file name"));
        if (!GapKind.All.Contains(kind))
            problems.Add(new Problem(file, frontMatter.LineOf("kind"), $"Gap kind '{kind}' is unknown", $"Use one of: {string.Join(", ", GapKind.All)}"));
        if (title.Length == 0)
            problems.Add(new Problem(file, frontMatter.LineOf("title"), "The gap has no title", "Add 'title: ' with a short noun phrase"));
        if (problems.Count > count) return null;

        var aliases = frontMatter.Mapping.List("aliases");
        var (_, sections) = MarkdownSections.Read(body, frontMatter.BodyStart, new LineIndex(body));
        string Section(string name) => sections.FirstOrDefault(s => s.Title.Equals(name, StringComparison.OrdinalIgnoreCase))?.Markdown ?? "";
        var checklist = Section("How to close it").Split('\n')
            .Select(line => ChecklistLine().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value.Trim())
            .ToList();
        return new Gap(id, title, kind, aliases, Section("Description"), checklist, text) { Signals = frontMatter.Mapping.List("signals") };
    }

    /// <summary>Lowercase letters, digits and single dashes: what every incident, gap and difference id is, and so never a path.</summary>
    public static bool IsSlug(string id) => Slug().IsMatch(id);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    internal static partial Regex Slug();

    [GeneratedRegex(@"^\s*[-*+]\s+(?:\[[ xX]\]\s+)?(.+)$")]
    private static partial Regex ChecklistLine();
}

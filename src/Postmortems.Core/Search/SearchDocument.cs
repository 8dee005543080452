using System.Globalization;
using System.Text.RegularExpressions;
using Markdig;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using YamlDotNet.RepresentationModel;

namespace Postmortems.Core.Search;

/// <summary>One named section of an incident's text, as plain text.</summary>
public sealed record SearchSection(string Name, string Text);

/// <summary>
/// What the index knows about one incident, taken from its Markdown: the text by where it stands, and the exact
/// fields. Works for native incidents and for imported ones with foreign front matter or free-form sections.
/// </summary>
public sealed partial record SearchDocument
{
    public required string Id { get; init; }
    public string Title { get; init; } = "";
    public string? Source { get; init; }
    public DateTimeOffset? Date { get; init; }
    public string Summary { get; init; } = "";
    public string Cause { get; init; } = "";
    public string Through { get; init; } = "";

    /// <summary>Tags, services, teams, gaps, differences and keywords as words, so plain queries find them too.</summary>
    public string Meta { get; init; } = "";

    /// <summary>Every other section, in file order.</summary>
    public IReadOnlyList<SearchSection> Body { get; init; } = [];

    public IReadOnlyList<string> Gaps { get; init; } = [];
    public IReadOnlyList<string> Differences { get; init; } = [];
    public IReadOnlyList<string> Services { get; init; } = [];
    public IReadOnlyList<string> Teams { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Authors { get; init; } = [];
    public string? Severity { get; init; }
    public string? Status { get; init; }
    public string? DetectedBy { get; init; }

    /// <summary>incident or near-miss: a file without a kind is an incident.</summary>
    public string Kind { get; init; } = RecordKind.Incident;

    /// <summary>A stored incident, read from its Markdown (the store's own fields win where they are set).</summary>
    public static SearchDocument From(StoredIncident incident, GapTaxonomy? taxonomy = null) =>
        From(incident, IncidentDocument.Parse(incident.Markdown, incident.Source ?? $"{incident.Id}.md"), taxonomy);

    /// <summary>A stored incident and the document it was saved from, which is not parsed again.</summary>
    public static SearchDocument From(StoredIncident incident, IncidentDocument document, GapTaxonomy? taxonomy = null)
    {
        var read = FromDocument(incident.Id, document, incident.Source, taxonomy);
        return string.IsNullOrWhiteSpace(incident.Title) ? read : read with { Title = incident.Title };
    }

    /// <summary>Any Markdown file: native, foreign front matter (title, summary, keywords, categories), or none.</summary>
    public static SearchDocument FromMarkdown(string id, string markdown, string? source = null, GapTaxonomy? taxonomy = null) =>
        FromDocument(id, IncidentDocument.Parse(markdown, source ?? $"{id}.md"), source, taxonomy);

    private static SearchDocument FromDocument(string id, IncidentDocument document, string? source, GapTaxonomy? taxonomy)
    {
        var incident = document.Incident;
        var frontMatter = document.FrontMatter.Readable ? document.FrontMatter.Mapping : new YamlMappingNode();

        var summary = new List<string>();
        var cause = new List<string>();
        var through = new List<string>();
        var body = new List<SearchSection>();

        if (frontMatter.Scalar("summary") is { } frontSummary) summary.Add(frontSummary);
        var preamble = PlainText(StripFirstHeading(incident.Preamble, out var heading));
        if (preamble.Length > 0) body.Add(new SearchSection("Text", preamble));

        foreach (var section in incident.Sections)
        {
            var text = PlainText(section.Markdown);
            if (text.Length == 0) continue;
            var standard = section.Standard;
            if (standard == StandardSections.Summary && summary.Count == 0) summary.Add(text);
            else if (standard == StandardSections.RootCause) cause.Add(text);
            else if (standard == StandardSections.HowItGotThrough) through.Add(text);
            else body.Add(new SearchSection(section.Title.Trim(), text));
        }

        var gaps = incident.Gaps.Select(g => taxonomy?.CurrentGapId(g.Id) ?? g.Id).Distinct().ToList();
        var keywords = frontMatter.List("keywords").Concat(frontMatter.List("categories")).ToList();
        var meta = incident.Tags.Concat(incident.Services).Concat(incident.Teams).Concat(incident.Differences)
            .Concat(gaps).Concat(gaps.Select(g => taxonomy?.FindGap(g)?.Title).OfType<string>())
            .Concat(incident.Gaps.Select(g => g.Note).OfType<string>())
            .Concat(keywords)
            .Concat(new[] { frontMatter.Scalar("company"), frontMatter.Scalar("product") }.OfType<string>());

        var date = incident.Date ?? DateFrom(frontMatter, "start_time") ?? DateFrom(frontMatter, "source_published_at");
        var tags = incident.Tags.Count > 0 ? incident.Tags : keywords;

        return new SearchDocument
        {
            Id = id,
            Title = FirstNonEmpty(incident.Title, heading, frontMatter.Scalar("name"), id),
            Source = source,
            Date = date,
            Summary = string.Join("\n", summary),
            Cause = string.Join("\n", cause),
            Through = string.Join("\n", through),
            Meta = string.Join(" · ", meta.Select(m => m.Replace('-', ' '))),
            Body = body,
            Gaps = gaps,
            Differences = incident.Differences,
            Services = incident.Services,
            Teams = incident.Teams,
            Tags = tags,
            Authors = incident.Authors,
            Severity = incident.Severity,
            Status = incident.Status,
            DetectedBy = incident.DetectedBy,
            Kind = RecordKind.Of(incident.Kind),
        };
    }

    private static string FirstNonEmpty(params string?[] values) => values.First(v => !string.IsNullOrWhiteSpace(v))!.Trim();

    /// <summary>A free-form file's first line may be its "# Title": that is the title, not body text.</summary>
    private static string StripFirstHeading(string markdown, out string? heading)
    {
        heading = null;
        var match = FirstHeading().Match(markdown);
        if (!match.Success) return markdown;
        heading = match.Groups[1].Value.Trim();
        return markdown[(match.Index + match.Length)..];
    }

    private static DateTimeOffset? DateFrom(YamlMappingNode map, string key) =>
        map.Scalar(key) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date) ? date : null;

    /// <summary>Markdown as the words a reader sees: no markup, one line per paragraph or list item.</summary>
    public static string PlainText(string markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var text = Markdown.ToPlainText(markdown, MarkdownPipelines.Incident);
        return BlankLines().Replace(text.Replace("\r\n", "\n"), "\n").Trim();
    }

    [GeneratedRegex(@"\A\s*#\s+([^\n]+)\n?")]
    private static partial Regex FirstHeading();

    [GeneratedRegex(@"\n[ \t]*(\n[ \t]*)+")]
    private static partial Regex BlankLines();
}

using System.Text.Json;

namespace Postmortems.Core.DesignCheck;

/// <summary>
/// A design check as JSON, the one shape <c>postmortems check --json</c> prints and <c>POST /api/design-check</c>
/// answers: <c>{"incidents": [{"id", "title", "source", "score", "why"}], "gaps": [{"id", "title", "score",
/// "incidents"}], "checklist": [...], "differences": [...], "terms": [...], "markdown", "caughtBefore": [{"gap", "title", "kind", "nearMisses", "text"}]}</c>.
/// </summary>
/// <param name="Terms">The design's salient words, most salient first: what it was read as.</param>
/// <param name="Markdown">The whole result as Markdown, to post on the pull request.</param>
public sealed record DesignCheckJson(
    IReadOnlyList<DesignCheckJsonIncident> Incidents,
    IReadOnlyList<DesignCheckJsonGap> Gaps,
    IReadOnlyList<DesignCheckJsonStep> Checklist,
    IReadOnlyList<DesignCheckJsonDifference> Differences,
    IReadOnlyList<string> Terms,
    string Markdown)
{
    /// <summary>camelCase names, as the web API writes them; indented for a person reading a terminal.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="baseUrl">Put in front of the Markdown's links; relative links when null.</param>
    public static DesignCheckJson From(DesignCheckResult result, string? baseUrl = null) => new(
        result.Incidents.Select(i => new DesignCheckJsonIncident(
            i.Id, i.Title, i.Source, i.Relevance,
            new DesignCheckJsonWhy(i.Why.Terms, i.Why.Section, i.Why.Snippet),
            i.Gaps, i.SuggestedGaps, i.Differences.Concat(i.SuggestedDifferences).ToList())).ToList(),
        result.Gaps.Select(g => new DesignCheckJsonGap(g.Id, g.Title, g.Kind, g.Score, g.Incidents, g.Suggested, g.Checklist, g.InChecklist)).ToList(),
        result.Checklist.Select(c => new DesignCheckJsonStep(c.Text, c.Gaps, c.Incidents)).ToList(),
        result.Differences.Select(d => new DesignCheckJsonDifference(d.Id, d.Title, d.Score, d.Incidents, d.Mentioned)).ToList(),
        result.Terms,
        DesignCheckMarkdown.Render(result, baseUrl))
    {
        CaughtBefore = result.CaughtBefore,
    };

    /// <summary>The controls that caught near misses like the design: "this was caught before by ...: keep it in the plan".</summary>
    public IReadOnlyList<CaughtBefore> CaughtBefore { get; init; } = [];
}

/// <param name="Source">Where an imported incident came from (its path in the imported folder); null for one written here.</param>
/// <param name="Score">Relevance relative to the best match: 1 for the first.</param>
/// <param name="SuggestedGaps">For an imported incident nobody has reviewed: the gaps its text suggests.</param>
public sealed record DesignCheckJsonIncident(
    string Id,
    string Title,
    string? Source,
    double Score,
    DesignCheckJsonWhy Why,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<string> SuggestedGaps,
    IReadOnlyList<string> Differences);

/// <param name="Terms">The design's salient words the incident uses too.</param>
/// <param name="Section">The incident's section that matched best.</param>
/// <param name="Snippet">Its best passage, starting with the section's name: "Root cause: …".</param>
public sealed record DesignCheckJsonWhy(IReadOnlyList<string> Terms, string? Section, string Snippet);

/// <param name="Score">The summed relevance of the incidents behind it (a suggested gap counts half).</param>
/// <param name="Incidents">The incidents behind it, most relevant first.</param>
/// <param name="Suggested">Those incidents for which the gap is only suggested.</param>
/// <param name="Checklist">The gap's "How to close it" steps.</param>
/// <param name="InChecklist">Whether those steps are in the merged checklist.</param>
public sealed record DesignCheckJsonGap(
    string Id,
    string Title,
    string Kind,
    double Score,
    IReadOnlyList<string> Incidents,
    IReadOnlyList<string> Suggested,
    IReadOnlyList<string> Checklist,
    bool InChecklist);

public sealed record DesignCheckJsonStep(string Text, IReadOnlyList<string> Gaps, IReadOnlyList<string> Incidents);

/// <param name="Mentioned">The difference's signal words that the design itself uses.</param>
public sealed record DesignCheckJsonDifference(string Id, string Title, double Score, IReadOnlyList<string> Incidents, IReadOnlyList<string> Mentioned);

namespace Postmortems.Core.Search;

public enum SearchSort { Relevance, Date }

/// <param name="Query">What the person typed; empty lists every incident, newest first.</param>
/// <param name="Offset">How many hits to skip (paging).</param>
/// <param name="Limit">How many hits to return (at most <see cref="SearchRequest.MaxLimit"/>).</param>
public sealed record SearchRequest(string? Query, int Limit = 10, int Offset = 0, SearchSort Sort = SearchSort.Relevance)
{
    public const int MaxLimit = 200;

    /// <summary>Exact values every result must have (the facet chips a person picked), on top of the query.</summary>
    public IReadOnlyList<SearchFilter> Filters { get; init; } = [];

    /// <summary>Hits beyond this rank are not returned: a page deeper than that is not a search any more.</summary>
    public const int MaxWindow = 5000;
}

/// <summary>
/// An exact value a result must have, kept apart from the query text so that a chip narrows any query (even one that
/// could not be read as typed) without changing how its words are matched or scored.
/// </summary>
/// <param name="Field">An exact field or a name for one, as in the query language: gap, difference, service, team, severity, status, year, tag, ...</param>
/// <param name="Value">Matched as a query's field:value is: any case, a gap's former id, "1" for sev1.</param>
public sealed record SearchFilter(string Field, string Value);

/// <summary>A span of a snippet that matched the query.</summary>
public readonly record struct Highlight(int Start, int Length);

/// <param name="Section">Where the snippet comes from: "Root cause", "Summary", ...</param>
/// <param name="Snippet">Plain text, starting with the section name: "Root cause: ...".</param>
/// <param name="Highlights">The matched words inside <paramref name="Snippet"/>.</param>
public sealed record SearchHit(
    string Id,
    string Title,
    string? Source,
    DateTimeOffset? Date,
    string? Severity,
    string? Status,
    float Score,
    string? Section,
    string Snippet,
    IReadOnlyList<Highlight> Highlights)
{
    /// <summary>The incident's gap ids (current ids, lower case), as indexed.</summary>
    public IReadOnlyList<string> Gaps { get; init; } = [];

    /// <summary>The incident's difference ids, as indexed.</summary>
    public IReadOnlyList<string> Differences { get; init; } = [];

    /// <summary>Which of the query's words (or their synonyms) the incident has, and where; the query's order.</summary>
    public IReadOnlyList<MatchedWord> Matched { get; init; } = [];

    /// <summary>
    /// True when the incident has fewer than most of a plain query's words (2 of 2, 2 of 3, 3 of 4, then three
    /// quarters): it is shown because it is among the best of what there is, not because it matches well.
    /// </summary>
    public bool Partial { get; init; }

    /// <summary>The snippet as HTML: text encoded, matches in &lt;mark&gt;.</summary>
    public string SnippetHtml()
    {
        var html = new System.Text.StringBuilder();
        var at = 0;
        foreach (var highlight in Highlights)
        {
            html.Append(System.Net.WebUtility.HtmlEncode(Snippet[at..highlight.Start]));
            html.Append("<mark>").Append(System.Net.WebUtility.HtmlEncode(Snippet.Substring(highlight.Start, highlight.Length))).Append("</mark>");
            at = highlight.Start + highlight.Length;
        }
        return html.Append(System.Net.WebUtility.HtmlEncode(Snippet[at..])).ToString();
    }
}

/// <summary>A word of the query that an incident has (itself, a form of it or a synonym), and where.</summary>
/// <param name="Where">The parts that have it, most telling first: "Title", "Summary", "Root cause", "How it got through", "Tags", "Text".</param>
public sealed record MatchedWord(string Word, IReadOnlyList<string> Where);

/// <summary>How many incidents of the whole result set have each value, most first.</summary>
public sealed record FacetValue(string Value, int Count);

/// <param name="Total">Every incident that matched, not just this page.</param>
/// <param name="Facets">By facet name (gaps, differences, services, teams, severity, status, year).</param>
/// <param name="Message">Why the query could not be run as typed, or what was searched instead; null when all went well.</param>
/// <param name="DidYouMean">On zero hits, a query built from the index's own words that finds something.</param>
public sealed record SearchResult(
    int Total,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets,
    string? Message = null,
    string? DidYouMean = null,
    TimeSpan Elapsed = default)
{
    public static SearchResult Empty(string? message = null, string? didYouMean = null) =>
        new(0, [], SearchFields.Facets.ToDictionary(f => f.Name, IReadOnlyList<FacetValue> (_) => []), message, didYouMean);

    /// <summary>True when the query was understood as typed (no message about it).</summary>
    public bool Understood => Message is null;

    /// <summary>
    /// True when the query could not be run as typed: <see cref="Message"/> says why, and any hits are for its plain
    /// words. False for a query that ran but needed loosening ("showing incidents with some of them").
    /// </summary>
    public bool Malformed { get; init; }
}

/// <summary>An incident like another one, with why.</summary>
public sealed record SimilarIncident(string Id, string Title, float Score, IReadOnlyList<string> SharedGaps);

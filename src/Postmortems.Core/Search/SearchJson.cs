using System.Text.Json;
using System.Text.Json.Serialization;

namespace Postmortems.Core.Search;

/// <summary>
/// A search as JSON, the one shape that <c>postmortems search --json</c> prints and <c>GET /api/search</c> answers:
/// <c>{"total", "hits": [{"id", "title", "source", "score", "snippet", "matched", "partial"}], "facets": {name: {value: count}}}</c>.
/// The API adds its paging (<c>offset</c>, <c>limit</c>) and, when there is one, the search layer's note and
/// "did you mean"; the command prints those on stderr instead.
/// </summary>
/// <param name="Total">Every incident that matched, not just these hits.</param>
/// <param name="Facets">By facet name (gaps, differences, services, teams, severity, status, year): value to count, most first.</param>
/// <param name="Message">What was searched instead of the query as typed ("showing incidents with some of them").</param>
/// <param name="DidYouMean">On zero hits, a query that finds something.</param>
public sealed record SearchJson(
    int Total,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Offset,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Limit,
    IReadOnlyList<SearchJsonHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DidYouMean = null)
{
    /// <summary>camelCase names, as the web API writes them; indented for a person reading a terminal.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Exactly <c>{"total", "hits", "facets"}</c>: what the command prints.</summary>
    public static SearchJson From(SearchResult result) =>
        new(result.Total, null, null, result.Hits.Select(SearchJsonHit.From).ToList(), FacetsOf(result));

    /// <summary>With the page it is (<c>offset</c>, <c>limit</c>), the note on a loosened query and "did you mean".</summary>
    public static SearchJson Page(SearchResult result, int offset, int limit) =>
        From(result) with { Offset = offset, Limit = limit, Message = result.Message, DidYouMean = result.DidYouMean };

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> FacetsOf(SearchResult result) =>
        result.Facets.ToDictionary(
            facet => facet.Key,
            IReadOnlyDictionary<string, int> (facet) => facet.Value.ToDictionary(v => v.Value, v => v.Count, StringComparer.Ordinal),
            StringComparer.Ordinal);
}

/// <param name="Source">Where an imported incident came from (its path in the imported folder); null for one written here.</param>
/// <param name="Score">Relevance, rounded to 4 decimals; only comparable within one search.</param>
/// <param name="Snippet">Plain text starting with the section it comes from: "Root cause: ...".</param>
/// <param name="Matched">Which of the query's words (or their synonyms) the incident has, and where: "Title", "Summary", "Root cause", "How it got through", "Tags", "Text".</param>
/// <param name="Partial">True when the incident has only some of the query's words: shown as one of the best partial matches, not as a good match.</param>
public sealed record SearchJsonHit(string Id, string Title, string? Source, double Score, string Snippet, IReadOnlyList<MatchedWord> Matched, bool Partial)
{
    public static SearchJsonHit From(SearchHit hit) => new(hit.Id, hit.Title, hit.Source, Math.Round(hit.Score, 4), hit.Snippet, hit.Matched, hit.Partial);
}

using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Postmortems.Core.Format;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;

namespace Postmortems.Web.Api;

/// <summary>
/// Search and "similar incidents" over HTTP, answered by the search index (never by loading incidents): the same
/// JSON as <c>postmortems search --json</c>, plus the page asked for.
/// </summary>
public static class SearchEndpoints
{
    public const int DefaultLimit = 20;
    public const int DefaultSimilar = 5;
    public const int MaxSimilar = 50;

    public static void Map(RouteGroupBuilder api)
    {
        var search = api.MapGroup("").WithTags("Search");

        search.MapGet("/search", Search)
            .WithName("Search")
            .WithSummary("Search the incidents")
            .WithDescription(
                "`q` takes the query language of docs/search.md: plain words, \"phrases\", AND/OR/-, gap:load-testing, " +
                "severity:sev1, year:2025, date:[2025-01-01 TO 2025-06-30] ... Each facet filter narrows the results (repeat " +
                "one to require several values). Plain words match an incident with any of them and rank it higher the more " +
                "of them it has, and the closer together. `total` and `facets` count every match, whatever `limit` and `offset` are; " +
                "each hit says which words it has and where (`matched`), and `partial` marks one that has only some of them " +
                "(shown as one of the best of those). `message` explains a query read otherwise than typed, `didYouMean` offers a " +
                "query that finds something when nothing matched. A query that cannot be read as typed is a 400 whose detail says why.")
            .Produces<SearchJson>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        search.MapGet("/incidents/{id}/similar", Similar)
            .WithName("SimilarIncidents")
            .WithTags("Incidents")
            .WithSummary("The incidents most like this one, with the gaps they share")
            .Produces<IReadOnlyList<SimilarItem>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The query, paging, order and facet filters of <c>GET /api/search</c>.</summary>
    public sealed class SearchParameters
    {
        [Description("The query; empty lists every incident, newest first.")]
        [FromQuery(Name = "q")]
        public string? Q { get; init; }

        [Description("How many hits to answer: 0 to 200, 20 when not given.")]
        [FromQuery(Name = "limit")]
        public int? Limit { get; init; }

        [Description("How many hits to skip: 0 to 5000.")]
        [FromQuery(Name = "offset")]
        public int? Offset { get; init; }

        [Description("relevance (the default; ties newest first) or date (newest first).")]
        [FromQuery(Name = "sort")]
        public string? Sort { get; init; }

        [Description("Gap ids (or former ids of a renamed gap) every result must name.")]
        [FromQuery(Name = "gap")]
        public string[]? Gap { get; init; }

        [Description("Difference ids every result must name.")]
        [FromQuery(Name = "difference")]
        public string[]? Difference { get; init; }

        [Description("Service names every result must name.")]
        [FromQuery(Name = "service")]
        public string[]? Service { get; init; }

        [Description("Team names every result must name.")]
        [FromQuery(Name = "team")]
        public string[]? Team { get; init; }

        [Description("sev1 .. sev4.")]
        [FromQuery(Name = "severity")]
        public string[]? Severity { get; init; }

        [Description("draft, in-review, published or imported.")]
        [FromQuery(Name = "status")]
        public string[]? Status { get; init; }

        [Description("Years such as 2025 (UTC).")]
        [FromQuery(Name = "year")]
        public string[]? Year { get; init; }

        [Description("incident or near-miss.")]
        [FromQuery(Name = "kind")]
        public string[]? Kind { get; init; }
    }

    /// <param name="SharedGaps">The gaps this incident shares with the one asked about.</param>
    public sealed record SimilarItem(string Id, string Title, double Score, IReadOnlyList<string> SharedGaps);

    private static IResult Search([AsParameters] SearchParameters parameters, IncidentIndex index, GapTaxonomy taxonomy)
    {
        var errors = new List<string>();
        var limit = parameters.Limit ?? DefaultLimit;
        if (limit is < 0 or > SearchRequest.MaxLimit) errors.Add($"limit must be from 0 to {SearchRequest.MaxLimit} (got {limit}).");
        var offset = parameters.Offset ?? 0;
        if (offset is < 0 or > SearchRequest.MaxWindow) errors.Add($"offset must be from 0 to {SearchRequest.MaxWindow} (got {offset}).");
        var sort = SearchSort.Relevance;
        if (parameters.Sort is { } sortText && !Enum.TryParse(sortText, ignoreCase: true, out sort))
            errors.Add($"sort must be relevance or date (got '{sortText}').");
        var filters = Filters(parameters, taxonomy, errors);
        if (errors.Count > 0) return ApiProblems.BadRequest("Bad search parameters", string.Join(" ", errors));

        var result = index.Search(new SearchRequest(parameters.Q, limit, offset, sort) { Filters = filters });
        if (result.Malformed)
        {
            return TypedResults.Problem(result.Message, statusCode: StatusCodes.Status400BadRequest, title: "The query cannot be read as typed",
                extensions: result.DidYouMean is { } didYouMean ? new Dictionary<string, object?> { ["didYouMean"] = didYouMean } : null);
        }
        return TypedResults.Ok(SearchJson.Page(result, offset, limit));
    }

    /// <summary>
    /// The facet filters, each checked against what the taxonomy and the format allow (a typo is a 400 that names
    /// the nearest value, not an empty answer); services and teams are free names.
    /// </summary>
    private static List<SearchFilter> Filters(SearchParameters parameters, GapTaxonomy taxonomy, List<string> errors)
    {
        var filters = new List<SearchFilter>();
        foreach (var gap in parameters.Gap ?? [])
        {
            if (taxonomy.FindGap(gap) is { } known) filters.Add(new SearchFilter(SearchFields.Gap, known.Id));
            else errors.Add($"Gap '{gap}' is unknown.{EditDistance.DidYouMean(gap, taxonomy.GapIdsAndAliases)} GET /api/gaps lists them.");
        }
        foreach (var difference in parameters.Difference ?? [])
        {
            if (taxonomy.FindDifference(difference) is { } known) filters.Add(new SearchFilter(SearchFields.Difference, known.Id));
            else errors.Add($"Difference '{difference}' is unknown. Use one of: {string.Join(", ", taxonomy.Differences.Select(d => d.Id))}.");
        }
        filters.AddRange((parameters.Service ?? []).Select(s => new SearchFilter(SearchFields.Service, s)));
        filters.AddRange((parameters.Team ?? []).Select(t => new SearchFilter(SearchFields.Team, t)));
        foreach (var severity in parameters.Severity ?? [])
        {
            if (IncidentSeverity.All.Contains(severity, StringComparer.OrdinalIgnoreCase)) filters.Add(new SearchFilter(SearchFields.Severity, severity));
            else errors.Add($"Severity '{severity}' is unknown. Use one of: {string.Join(", ", IncidentSeverity.All)}.");
        }
        foreach (var kind in parameters.Kind ?? [])
        {
            if (RecordKind.All.Contains(kind, StringComparer.OrdinalIgnoreCase)) filters.Add(new SearchFilter(SearchFields.Kind, kind));
            else errors.Add($"Kind '{kind}' is unknown. Use one of: {string.Join(", ", RecordKind.All)}.");
        }
        foreach (var status in parameters.Status ?? [])
        {
            if (IncidentStatus.All.Contains(status, StringComparer.OrdinalIgnoreCase)) filters.Add(new SearchFilter(SearchFields.Status, status));
            else errors.Add($"Status '{status}' is unknown. Use one of: {string.Join(", ", IncidentStatus.All)}.");
        }
        foreach (var year in parameters.Year ?? [])
        {
            if (year.Length == 4 && year.All(char.IsAsciiDigit)) filters.Add(new SearchFilter(SearchFields.Year, year));
            else errors.Add($"year must be a year such as 2025 (got '{year}').");
        }
        return filters;
    }

    private static IResult Similar(string id, [Description("How many: 1 to 50, 5 when not given.")] int? limit, IncidentStore store, IncidentIndex index)
    {
        var count = limit ?? DefaultSimilar;
        if (count is < 1 or > MaxSimilar)
            return ApiProblems.BadRequest("Bad search parameters", $"limit must be from 1 to {MaxSimilar} (got {count}).");
        if (!store.Exists(id)) return ApiProblems.NotFound($"There is no incident with id '{id}'. GET /api/search?q=... finds incidents.");
        return TypedResults.Ok(index.Similar(id, count)
            .Select(s => new SimilarItem(s.Id, s.Title, Math.Round(s.Score, 4), s.SharedGaps))
            .ToList());
    }
}

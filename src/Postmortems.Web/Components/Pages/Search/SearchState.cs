using Postmortems.Core.Search;

namespace Postmortems.Web.Components.Pages.Search;

/// <summary>A facet as the page shows it: its URL parameter, its name in search results, its label and the index field it filters.</summary>
public sealed record SearchFacet(string Parameter, string ResultName, string Label, string Field)
{
    /// <summary>In the order the page lists them; the parameters are the ones <c>GET /api/search</c> takes.</summary>
    public static readonly IReadOnlyList<SearchFacet> All =
    [
        new("gap", "gaps", "Gap", SearchFields.Gap),
        new("difference", "differences", "Difference", SearchFields.Difference),
        new("service", "services", "Service", SearchFields.Service),
        new("team", "teams", "Team", SearchFields.Team),
        new("severity", "severity", "Severity", SearchFields.Severity),
        new("status", "status", "Status", SearchFields.Status),
        new("year", "year", "Year", SearchFields.Year),
        new("kind", "kind", "Kind", SearchFields.Kind),
    ];

    public static SearchFacet? ByParameter(string parameter) => All.FirstOrDefault(f => f.Parameter == parameter);
}

/// <summary>One chip: a facet and the value every result must have.</summary>
public sealed record FacetFilter(SearchFacet Facet, string Value);

/// <summary>
/// Everything a search page shows, as it is written in the URL (<c>?q=dns&amp;gap=load-testing&amp;sort=date&amp;page=2</c>),
/// so that a search can be shared, bookmarked and gone back to. Two states are the same search when their URLs are equal.
/// </summary>
public sealed record SearchState(string Query, IReadOnlyList<FacetFilter> Filters, SearchSort Sort, int Page)
{
    public const int PageSize = 20;

    /// <summary>Pages beyond the search layer's window are not offered.</summary>
    public const int MaxPages = SearchRequest.MaxWindow / PageSize;

    public static readonly SearchState Empty = new("", [], SearchSort.Relevance, 1);

    /// <summary>The state the URL's parameters describe; unknown values are kept as typed (they simply match nothing).</summary>
    public static SearchState From(string? query, IReadOnlyDictionary<string, string[]?> facets, string? sort, int? page)
    {
        var filters = SearchFacet.All
            .SelectMany(facet => (facets.GetValueOrDefault(facet.Parameter) ?? [])
                .Where(v => !string.IsNullOrWhiteSpace(v))
                .Select(v => new FacetFilter(facet, v.Trim())))
            .DistinctBy(f => (f.Facet.Parameter, f.Value.ToLowerInvariant()))
            .ToList();
        var order = string.Equals(sort, "date", StringComparison.OrdinalIgnoreCase) ? SearchSort.Date : SearchSort.Relevance;
        return new SearchState((query ?? "").Trim(), filters, order, Math.Clamp(page ?? 1, 1, MaxPages));
    }

    public bool HasQuery => Query.Length > 0;

    /// <summary>An empty query lists incidents newest first, whatever sort the URL names.</summary>
    public SearchSort EffectiveSort => HasQuery ? Sort : SearchSort.Date;

    public bool Has(SearchFacet facet, string value) =>
        Filters.Any(f => f.Facet == facet && string.Equals(f.Value, value, StringComparison.OrdinalIgnoreCase));

    // Any change to what is searched starts again at the first page.
    public SearchState WithQuery(string query) => this with { Query = query.Trim(), Page = 1 };

    public SearchState Adding(SearchFacet facet, string value) =>
        Has(facet, value) ? this : this with { Filters = [.. Filters, new FacetFilter(facet, value)], Page = 1 };

    public SearchState Removing(FacetFilter filter) =>
        this with { Filters = Filters.Where(f => !(f.Facet == filter.Facet && string.Equals(f.Value, filter.Value, StringComparison.OrdinalIgnoreCase))).ToList(), Page = 1 };

    public SearchState WithoutFilters() => this with { Filters = [], Page = 1 };

    public SearchState SortedBy(SearchSort sort) => this with { Sort = sort, Page = 1 };

    public SearchState OnPage(int page) => this with { Page = Math.Clamp(page, 1, MaxPages) };

    public SearchRequest ToRequest() =>
        new(Query, PageSize, (Page - 1) * PageSize, EffectiveSort)
        {
            Filters = Filters.Select(f => new SearchFilter(f.Facet.Field, f.Value)).ToList(),
        };

    /// <summary>
    /// The page's address relative to the app's base: "" for the empty search, else "?q=...&amp;gap=...": parameters
    /// in a fixed order, so that equal searches have equal URLs.
    /// </summary>
    public string ToUrl()
    {
        var parts = new List<string>();
        if (HasQuery) parts.Add("q=" + Uri.EscapeDataString(Query));
        foreach (var facet in SearchFacet.All)
        {
            parts.AddRange(Filters.Where(f => f.Facet == facet).Select(f => $"{facet.Parameter}={Uri.EscapeDataString(f.Value)}"));
        }
        if (Sort == SearchSort.Date && HasQuery) parts.Add("sort=date");
        if (Page > 1) parts.Add($"page={Page}");
        return parts.Count == 0 ? "./" : "?" + string.Join('&', parts);
    }
}

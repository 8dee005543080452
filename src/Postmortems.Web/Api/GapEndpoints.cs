using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;

namespace Postmortems.Web.Api;

/// <summary>The gap taxonomy over HTTP, each gap with how many stored incidents it let through.</summary>
internal static class GapEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var gaps = api.MapGroup("/gaps").WithTags("Gaps");

        gaps.MapGet("", List)
            .WithName("ListGaps")
            .WithSummary("The gap taxonomy, by kind, with incident counts")
            .Produces<GapList>();

        gaps.MapGet("/{id}", Get)
            .WithName("GetGap")
            .WithSummary("A gap: its description, its \"How to close it\" checklist and its former ids")
            .WithDescription("A former id (an alias of a renamed gap) answers the gap it was renamed to.")
            .Produces<GapDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    // Counted by the store's index on gaps: no incident is loaded.
    private static int IncidentCount(IncidentStore store, string gapId) => store.Query(new IncidentFilter { Gap = gapId }, 0, 0).Total;

    private static GapList List(GapTaxonomy taxonomy, IncidentStore store) =>
        new(taxonomy.Gaps.Select(g => new GapListItem(g.Id, g.Title, g.Kind, IncidentCount(store, g.Id))).ToList());

    private static IResult Get(string id, GapTaxonomy taxonomy, IncidentStore store)
    {
        if (taxonomy.FindGap(id) is not { } gap)
        {
            var nearest = EditDistance.NearestKnown(id, taxonomy.GapIdsAndAliases);
            return ApiProblems.NotFound($"There is no gap with id '{id}'.{(nearest is null ? "" : $" Did you mean '{nearest}'?")} GET /api/gaps lists them.");
        }
        return TypedResults.Ok(GapDetails.From(gap, IncidentCount(store, gap.Id)));
    }
}

using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Postmortems.Web.Auth;
using Postmortems.Core.Format;
using Postmortems.Core.Retro;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Web.Api;

/// <summary>Action items across incidents over HTTP: the list the action items page shows, and ticking one.</summary>
public static class ActionsApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static WebApplication MapActionsApi(this WebApplication app)
    {
        var actions = app.MapGroup("/api/actions").WithTags("Action items");

        actions.MapGet("", List)
            .WithName("ListActionItems")
            .WithSummary("Action items across incidents, open ones first, earliest due date first")
            .WithDescription(
                "Every filter given must match. `total`, `open`, `done` and `overdue` count all the matching items, whatever " +
                "`limit` and `offset` are. Overdue: open and due before today (UTC). Each item carries its incident's `revision`, " +
                "to send back as `If-Match` when ticking it.")
            .Produces<ActionItemAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        actions.MapPut("/{incidentId}/{line:int}", Tick)
            .RequireWrite(Policies.Write)
            .WithName("TickActionItem")
            .WithSummary("Tick an action item done, or open it again")
            .WithDescription(
                "Rewrites only the item's task line (`- [ ]` / `- [x]`) in the incident's Markdown and saves it as a new revision. " +
                "`line` is the item's 1-based line in the Markdown. With `If-Match: \"<revision>\"` it saves only over that revision " +
                "(412 when someone changed the incident since).")
            .Accepts<TickBody>("application/json")
            .Produces<TickAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    /// <summary>The filters and paging of <c>GET /api/actions</c>, the same as the action items page's.</summary>
    public sealed class ActionsQuery
    {
        [Description("The owner an item names with @ (without the @), or `none` for items without an owner.")]
        public string? Owner { get; init; }

        [Description("The gap an item names with gap: (a former id counts as its renamed gap), or `none` for items without one.")]
        public string? Gap { get; init; }

        [Description("Only items of incidents that name this team.")]
        public string? Team { get; init; }

        [Description("Only items of incidents with this status: draft, in-review, published or imported.")]
        public string? Status { get; init; }

        [Description("any (the default), open or done.")]
        public string? State { get; init; }

        [Description("true: only open items due before today (UTC).")]
        public bool? Overdue { get; init; }

        [Description("How many items to answer: 0 to 500, 50 when not given.")]
        public int? Limit { get; init; }

        [Description("How many matching items to skip.")]
        public int? Offset { get; init; }
    }

    /// <param name="Today">The UTC day "overdue" was measured against.</param>
    public sealed record ActionItemAnswer(
        int Total, int Open, int Done, int Overdue, int Limit, int Offset, DateOnly Today,
        IReadOnlyList<ActionItemRow> Items, IReadOnlyList<string> Owners, IReadOnlyList<string> Gaps, IReadOnlyList<string> Teams);

    public sealed record TickBody(bool? Done);

    /// <param name="Outcome">saved, or unchanged when the item already was in that state.</param>
    public sealed record TickAnswer(string Outcome, string IncidentId, int Line, bool Done, int Revision, string Message);

    /// <summary>The action item filter a query asks for, or what is wrong with it.</summary>
    public static (ActionItemFilter? Filter, string? Error) ReadFilter(
        string? owner, string? gap, string? team, string? status, string? state, bool overdue, GapTaxonomy taxonomy)
    {
        var errors = new List<string>();
        owner = Blank(owner);
        gap = Blank(gap);
        if (gap is not null && gap != ActionItemFilter.NoGap && taxonomy.FindGap(gap) is null)
        {
            var nearest = EditDistance.NearestKnown(gap, taxonomy.GapIdsAndAliases);
            errors.Add($"Gap '{gap}' is unknown.{(nearest is null ? "" : $" Did you mean '{nearest}'?")} Use a gap id, or 'none' for items without one.");
        }
        status = Blank(status);
        if (status is not null && !IncidentStatus.All.Contains(status))
            errors.Add($"Status '{status}' is unknown. Use one of: {string.Join(", ", IncidentStatus.All)}.");
        state = Blank(state) ?? ActionItemStates.Any;
        if (!ActionItemStates.All.Contains(state))
            errors.Add($"State '{state}' is unknown. Use one of: {string.Join(", ", ActionItemStates.All)}.");
        if (overdue && state == ActionItemStates.Done) errors.Add("overdue=true lists open items, so it cannot go with state=done.");
        if (errors.Count > 0) return (null, string.Join(" ", errors));
        return (new ActionItemFilter
        {
            Owner = owner?.TrimStart('@'),
            Gap = gap is null or ActionItemFilter.NoGap ? gap : taxonomy.FindGap(gap)!.Id,
            Team = Blank(team),
            Status = status,
            State = state,
            OverdueOnly = overdue,
        }, null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IResult List([AsParameters] ActionsQuery query, IncidentStore store, GapTaxonomy taxonomy, TimeProvider time)
    {
        var limit = query.Limit ?? DefaultLimit;
        var offset = query.Offset ?? 0;
        var (filter, error) = ReadFilter(query.Owner, query.Gap, query.Team, query.Status, query.State, query.Overdue == true, taxonomy);
        var errors = new List<string>();
        if (error is not null) errors.Add(error);
        if (limit is < 0 or > MaxLimit) errors.Add($"limit must be from 0 to {MaxLimit} (got {limit}).");
        if (offset < 0) errors.Add($"offset must be 0 or more (got {offset}).");
        if (errors.Count > 0) return ApiProblems.BadRequest("Bad filter", string.Join(" ", errors));

        var page = ActionItemList.Query(store, taxonomy, filter!, RetroPeriod.Today(time), offset, limit);
        return TypedResults.Ok(new ActionItemAnswer(page.Total, page.Open, page.Done, page.Overdue, limit, offset, page.Today,
            page.Items, page.Owners, page.Gaps, page.Teams));
    }

    private static IResult Tick(string incidentId, int line, TickBody body, HttpRequest request, IncidentStore store, CurrentAuthor author)
    {
        if (body.Done is not { } done)
            return ApiProblems.BadRequest("Bad body", "Send {\"done\": true} to tick the item, or {\"done\": false} to open it again.");
        int? expected = null;
        var ifMatch = request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length > 0 && ifMatch != "*")
        {
            if (!EntityTagHeaderValue.TryParse(ifMatch, out var tag)
                || !int.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
            {
                return ApiProblems.BadRequest("Bad If-Match",
                    $"If-Match must be the incident's revision in quotes, as GET /api/actions answers it: If-Match: \"3\" (got '{ifMatch}').");
            }
            expected = revision;
        }

        var result = ActionItemTicker.SetDone(store, incidentId, line, done, author.Name, expected);
        if (result.Revision > 0) request.HttpContext.Response.Headers.ETag = $"\"{result.Revision.ToString(CultureInfo.InvariantCulture)}\"";
        return result.Outcome switch
        {
            TickOutcome.Saved or TickOutcome.Unchanged => TypedResults.Ok(new TickAnswer(
                result.Outcome == TickOutcome.Saved ? "saved" : "unchanged", incidentId, line, done, result.Revision, result.Message)),
            TickOutcome.NotFound => ApiProblems.NotFound(result.Message),
            TickOutcome.NotAnItem => ApiProblems.BadRequest("Not an action item", result.Message),
            _ => ApiProblems.PreconditionFailed(result.Message, result.Current?.Revision),
        };
    }
}

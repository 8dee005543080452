using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Postmortems.Core.Retro;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Web.Api;

/// <summary>The retro over HTTP: every number the retro page shows, and the same retro as a Markdown agenda.</summary>
public static class RetroEndpoints
{
    private const string PeriodRules =
        "Counts published incidents only (drafts, incidents in review and imported incidents are left out). " +
        "`from` and `to` are UTC days, both included: an incident counts when its date is on or after `from` 00:00Z and " +
        "before the day after `to` 00:00Z; an incident without a date is never in a period. Without `to` the period ends " +
        "today (UTC); without `from` it is the 90 days up to `to`. The previous period, shown beside it for trend, is the same " +
        "number of calendar months before when the period is whole months (a quarter, a year); the same days of the month, " +
        "quarter or year before when the period runs from the start of one into it (this year so far against last year up to " +
        "the same day); else the same number of days just before.";

    public static void Map(RouteGroupBuilder api)
    {
        var retro = api.MapGroup("/retro").WithTags("Retro");

        retro.MapGet("", Get)
            .WithName("GetRetro")
            .WithSummary("A retro: incidents, gaps, differences x gaps, recurrences, action items and the 12-month trend for a period")
            .WithDescription(PeriodRules + " An incident with two gaps counts under each; `kinds` count an incident once per kind.")
            .Produces<RetroReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        retro.MapGet("/agenda", Agenda)
            .WithName("GetRetroAgenda")
            .WithSummary("The retro as a Markdown agenda to paste into meeting notes")
            .WithDescription(PeriodRules)
            .Produces<string>(StatusCodes.Status200OK, "text/markdown")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    /// <summary>The period and filters of <c>GET /api/retro</c> and its agenda.</summary>
    public sealed class RetroQuery
    {
        [Description("The period's first day, YYYY-MM-DD (UTC), included.")]
        public string? From { get; init; }

        [Description("The period's last day, YYYY-MM-DD (UTC), included as a whole day.")]
        public string? To { get; init; }

        [Description("Only incidents that name this team.")]
        public string? Team { get; init; }

        [Description("Only incidents that name this service.")]
        public string? Service { get; init; }
    }

    /// <summary>The request a query asks for, or the problem that says why it cannot be answered.</summary>
    public static (RetroRequest? Request, IResult? Problem) Read(RetroQuery query, DateOnly today)
    {
        var (period, error) = RetroPeriod.Parse(query.From, query.To, today);
        if (period is null) return (null, ApiProblems.BadRequest("Bad period", error!));
        return (new RetroRequest(period, Blank(query.Team), Blank(query.Service)), null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IResult Get([AsParameters] RetroQuery query, IncidentStore store, GapTaxonomy taxonomy, TimeProvider time)
    {
        var today = RetroPeriod.Today(time);
        var (request, problem) = Read(query, today);
        return problem ?? TypedResults.Ok(RetroBuilder.Build(store, taxonomy, request!, today));
    }

    private static IResult Agenda([AsParameters] RetroQuery query, HttpContext context, IncidentStore store, GapTaxonomy taxonomy, TimeProvider time)
    {
        var today = RetroPeriod.Today(time);
        var (request, problem) = Read(query, today);
        if (problem is not null) return problem;
        var report = RetroBuilder.Build(store, taxonomy, request!, today);
        var http = context.Request;
        var markdown = RetroAgenda.Write(report, taxonomy, $"{http.Scheme}://{http.Host}{http.PathBase}/");
        context.Response.Headers.ContentDisposition = $"inline; filename=\"{RetroAgenda.FileName(report)}\"";
        return TypedResults.Text(markdown, "text/markdown; charset=utf-8");
    }
}

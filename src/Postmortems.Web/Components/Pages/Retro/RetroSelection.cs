using Postmortems.Core.Retro;

namespace Postmortems.Web.Components.Pages.Retro;

/// <summary>
/// What a retro address asks for: a preset period (<c>?period=last-quarter</c>) or custom days
/// (<c>?period=custom&amp;from=2025-01-01&amp;to=2025-03-31</c>), and optionally a team and a service. The retro page,
/// its presenter view, its agenda and the API read the same parameters, so one can link to the other.
/// </summary>
/// <param name="Preset">The preset the period is, or <see cref="RetroPresets.Custom"/>.</param>
/// <param name="Error">Why the address's period could not be used (the default period is shown instead).</param>
public sealed record RetroSelection(RetroRequest Request, string Preset, string? Error)
{
    public RetroPeriod Period => Request.Period;

    public static RetroSelection Read(string? period, string? from, string? to, string? team, string? service, DateOnly today)
    {
        team = string.IsNullOrWhiteSpace(team) ? null : team.Trim();
        service = string.IsNullOrWhiteSpace(service) ? null : service.Trim();
        string? error = null;
        RetroPeriod? chosen = null;

        if (period is null or RetroPresets.Custom && (from is not null || to is not null))
        {
            (chosen, error) = RetroPeriod.Parse(from, to, today);
        }
        else if (period is not null && period != RetroPresets.Custom)
        {
            chosen = RetroPresets.Period(period, today);
            if (chosen is null)
                error = $"'{period}' is not a period this page knows; use one of: {string.Join(", ", RetroPresets.All.Select(p => p.Key))}.";
        }

        chosen ??= RetroPresets.Period(RetroPresets.Default, today)!;
        var preset = period == RetroPresets.Custom && error is null ? RetroPresets.Custom : RetroPresets.KeyOf(chosen, today);
        return new RetroSelection(new RetroRequest(chosen, team, service), preset, error);
    }

    /// <summary>The query string that asks for this selection: the preset's key, or the days when custom.</summary>
    public string Query(string? preset = null, RetroPeriod? period = null, string? team = "", string? service = "")
    {
        preset ??= Preset;
        period ??= Period;
        var parts = new List<string>();
        if (preset == RetroPresets.Custom)
        {
            parts.Add($"period={RetroPresets.Custom}");
            parts.Add($"from={RetroPeriod.Day(period.From)}");
            parts.Add($"to={RetroPeriod.Day(period.To)}");
        }
        else
        {
            parts.Add($"period={preset}");
        }
        if ((team == "" ? Request.Team : team) is { } t) parts.Add($"team={Uri.EscapeDataString(t)}");
        if ((service == "" ? Request.Service : service) is { } s) parts.Add($"service={Uri.EscapeDataString(s)}");
        return string.Join("&", parts);
    }

    /// <summary>The API's parameters for this selection: always the days, so a copied link means the same days tomorrow.</summary>
    public string ApiQuery()
    {
        var parts = new List<string> { $"from={RetroPeriod.Day(Period.From)}", $"to={RetroPeriod.Day(Period.To)}" };
        if (Request.Team is { } t) parts.Add($"team={Uri.EscapeDataString(t)}");
        if (Request.Service is { } s) parts.Add($"service={Uri.EscapeDataString(s)}");
        return string.Join("&", parts);
    }

    public string PageLink => $"retro?{Query()}";
    public string PresentLink => $"retro/present?{Query()}";
    public string AgendaLink => $"api/retro/agenda?{ApiQuery()}";
    public string ApiLink => $"api/retro?{ApiQuery()}";

    /// <summary>The action items page, filtered to what a retro counts (published incidents) and this team.</summary>
    public string ActionsLink(string? owner = null, string? gap = null, bool overdue = false)
    {
        var parts = new List<string> { "status=published" };
        if (owner is not null) parts.Add($"owner={Uri.EscapeDataString(owner)}");
        if (gap is not null) parts.Add($"gap={Uri.EscapeDataString(gap)}");
        if (Request.Team is { } t) parts.Add($"team={Uri.EscapeDataString(t)}");
        if (overdue) parts.Add("overdue=true");
        return $"actions?{string.Join("&", parts)}";
    }
}

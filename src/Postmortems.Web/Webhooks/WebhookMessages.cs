using System.Globalization;
using System.Text.Json;
using Postmortems.Core.Retro;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Webhooks;

/// <summary>
/// The JSON bodies: an <c>event</c> name, a <c>text</c> that Slack's incoming webhooks render as the message (its
/// link syntax, <c>&lt;url|label&gt;</c>, with &amp;, &lt; and &gt; escaped as Slack asks), and the structured data
/// for any other receiver.
/// </summary>
public static class WebhookMessages
{
    public const string Published = "incident.published";
    public const string Overdue = "action-item.overdue";
    public const string Digest = "digest.weekly";

    /// <summary>How many overdue items a digest names; it counts all of them.</summary>
    public const int DigestItems = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string PublishedBody(StoredIncident incident, string? baseUrl)
    {
        var url = Link(baseUrl, incident.Id);
        var text = $"Postmortem published: {Label(url, incident.Title)}" +
                   $" ({incident.Severity ?? "no severity"}{(incident.Date is { } d ? ", " + Day(d) : "")})";
        return JsonSerializer.Serialize(new
        {
            @event = Published,
            text,
            incident = new
            {
                id = incident.Id, title = incident.Title, severity = incident.Severity, date = incident.Date,
                teams = incident.Teams, services = incident.Services, gaps = incident.Gaps, url,
            },
        }, Json);
    }

    public static string OverdueBody(ActionItemRecord item, DateOnly today, string? baseUrl)
    {
        var url = Link(baseUrl, item.IncidentId);
        var days = item.Due is { } due ? today.DayNumber - due.DayNumber : 0;
        var text = $"Overdue action item: {Escape(item.Text)} ({(item.Owner is null ? "no owner" : "@" + Escape(item.Owner))}, " +
                   $"due {(item.Due is { } d ? Day(d) : "?")}, {days} {(days == 1 ? "day" : "days")} late) from {Label(url, item.IncidentTitle)}";
        return JsonSerializer.Serialize(new
        {
            @event = Overdue,
            text,
            today = Day(today),
            item = new
            {
                incidentId = item.IncidentId, incidentTitle = item.IncidentTitle, line = item.Line, text = item.Text,
                owner = item.Owner, due = item.Due is { } dd ? Day(dd) : null, gap = item.Gap, teams = item.Teams, url,
            },
        }, Json);
    }

    /// <param name="published">Incidents published in the week before <paramref name="today"/>.</param>
    /// <param name="items">All action items, the overdue first (as the list orders them).</param>
    public static string DigestBody(DateOnly today, int published, ActionItemPage items, string? baseUrl)
    {
        var overdue = items.Items.Where(i => i.Overdue).Take(DigestItems).ToList();
        var lines = new List<string>
        {
            $"Weekly postmortems digest ({Day(today)}): {published} {(published == 1 ? "postmortem" : "postmortems")} published in the last 7 days; " +
            $"{items.Open} open action items, {items.Overdue} overdue.",
        };
        lines.AddRange(overdue.Select(i =>
            $"• {Escape(i.Text)} ({(i.Owner is null ? "no owner" : "@" + Escape(i.Owner))}, due {(i.Due is { } d ? Day(d) : "?")}) from {Label(Link(baseUrl, i.IncidentId), i.IncidentTitle)}"));
        if (items.Overdue > overdue.Count) lines.Add($"…and {items.Overdue - overdue.Count} more overdue.");
        return JsonSerializer.Serialize(new
        {
            @event = Digest,
            text = string.Join('\n', lines),
            today = Day(today),
            published,
            open = items.Open,
            overdue = items.Overdue,
            overdueItems = overdue.Select(i => new { incidentId = i.IncidentId, line = i.Line, text = i.Text, owner = i.Owner, due = i.Due }),
        }, Json);
    }

    private static string? Link(string? baseUrl, string incidentId) =>
        string.IsNullOrWhiteSpace(baseUrl) ? null : $"{baseUrl.TrimEnd('/')}/incidents/{Uri.EscapeDataString(incidentId)}";

    private static string Label(string? url, string title) => url is null ? Escape(title) : $"<{url}|{Escape(title)}>";

    /// <summary>Slack reads &amp;, &lt; and &gt; as markup: these three are escaped, and nothing else.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

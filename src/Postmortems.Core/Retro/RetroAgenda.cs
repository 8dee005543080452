using System.Globalization;
using System.Text;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Retro;

/// <summary>A retro as a Markdown agenda to paste into meeting notes: what happened, what keeps getting through, what is owed.</summary>
public static class RetroAgenda
{
    /// <summary>"retro-2025-01-01-to-2025-12-31.md", what the agenda downloads as.</summary>
    public static string FileName(RetroReport report) =>
        $"retro-{RetroPeriod.Day(report.Period.From)}-to-{RetroPeriod.Day(report.Period.To)}.md";

    /// <param name="baseUrl">The app's address ("https://postmortems.example/"), so incident links work outside the app; null for relative links.</param>
    public static string Write(RetroReport report, GapTaxonomy taxonomy, string? baseUrl = null)
    {
        var md = new StringBuilder();
        var link = (string id) => $"{baseUrl?.TrimEnd('/')}{(baseUrl is null ? "" : "/")}incidents/{Uri.EscapeDataString(id)}";

        md.Append("# Retro: ").Append(report.Period.Range).Append('\n').Append('\n');
        var scope = new List<string>();
        if (report.Team is not null) scope.Add($"team **{Escape(report.Team)}**");
        if (report.Service is not null) scope.Add($"service **{Escape(report.Service)}**");
        md.Append(scope.Count == 0 ? "All teams and services. " : $"Only {string.Join(" and ", scope)}. ")
            .Append("Published incidents only (drafts, incidents in review and imported ones are not counted); ")
            .Append("dates are UTC days, both ends included. Compared with the previous period, ")
            .Append(report.PreviousPeriod.Range).Append(".\n\n");

        Incidents(md, report, link);
        Findings(md, report);
        NearMisses(md, report, link);
        Gaps(md, report);
        Differences(md, report);
        ActionItems(md, report, link);
        Discussion(md, report, taxonomy);
        return md.ToString();
    }

    private static void Incidents(StringBuilder md, RetroReport report, Func<string, string> link)
    {
        md.Append("## 1. Incidents: ").Append(report.Incidents).Append(" (previous period: ").Append(report.PreviousIncidents).Append(")\n\n");
        md.Append("| severity | this period | previous period |\n|---|---:|---:|\n");
        foreach (var s in report.Severities) md.Append(CultureInfo.InvariantCulture, $"| {s.Severity} | {s.Count} | {s.PreviousCount} |\n");
        md.Append('\n');
        if (report.IncidentList.Count == 0)
        {
            md.Append("No published incident in this period.\n\n");
            return;
        }
        foreach (var i in report.IncidentList.OrderBy(i => i.Date))
        {
            md.Append("- ").Append(i.Date?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no date")
                .Append(' ').Append(i.Severity ?? "no severity")
                .Append(" [").Append(Escape(i.Title).Replace("[", "\\[").Replace("]", "\\]")).Append("](").Append(link(i.Id)).Append(')');
            md.Append(i.Gaps.Count == 0 ? ": no gap named" : ": through " + string.Join(", ", i.Gaps.Select(g => $"`{g}`")));
            md.Append('\n');
        }
        md.Append('\n');
    }

    private static void Findings(StringBuilder md, RetroReport report)
    {
        md.Append("## 2. What keeps getting through\n\n");
        if (report.Findings.Count == 0)
            md.Append("No gap let more than one incident through, and none let incidents through in the previous period too.\n");
        foreach (var f in report.Findings) md.Append("- ").Append(f.Text).Append('\n');
        md.Append('\n');
    }

    /// <summary>Under section 2, unnumbered, so that the agenda's numbered sections stay as they were.</summary>
    private static void NearMisses(StringBuilder md, RetroReport report, Func<string, string> link)
    {
        var rated = report.EscapeRates.Where(r => r.Rate is not null).ToList();
        if (rated.Count > 0)
        {
            md.Append("### What the controls caught\n\n");
            foreach (var rate in rated) md.Append("- ").Append(rate.Reading).Append('\n');
            md.Append('\n');
        }
        if (report.Recurrences.Count > 0)
        {
            md.Append("### Recurrences\n\n");
            foreach (var r in report.Recurrences)
            {
                md.Append("- [").Append(Escape(r.Title)).Append("](").Append(link(r.Id)).Append(") happened again after ")
                    .Append(r.EarlierTitle is null ? $"`{r.RecurrenceOf}`" : $"[{Escape(r.EarlierTitle)}]({link(r.RecurrenceOf)})").Append('\n');
            }
            md.Append('\n');
        }
    }

    private static void Gaps(StringBuilder md, RetroReport report)
    {
        md.Append("## 3. Gaps that let incidents through\n\n");
        var ranked = report.Gaps.Where(g => g.Count > 0).ToList();
        if (ranked.Count == 0) md.Append("No incident in this period names a gap.\n\n");
        else
        {
            md.Append("| gap | kind | incidents | previous period |\n|---|---|---:|---:|\n");
            foreach (var g in ranked) md.Append(CultureInfo.InvariantCulture, $"| {Escape(g.Title)} (`{g.Id}`) | {g.Kind} | {g.Count} | {g.PreviousCount} |\n");
            md.Append('\n');
        }
        if (report.WithoutGap > 0)
            md.Append(CultureInfo.InvariantCulture, $"{report.WithoutGap} {(report.WithoutGap == 1 ? "incident names" : "incidents name")} no gap. ");
        md.Append("By kind: ")
            .Append(string.Join(", ", report.Kinds.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Kind} {k.Count} (previous {k.PreviousCount})"))))
            .Append(". An incident with two gaps counts under each.\n\n");
    }

    private static void Differences(StringBuilder md, RetroReport report)
    {
        var matrix = report.DifferencesByGap;
        if (matrix.Cells.Count == 0) return;
        md.Append("## 4. Which differences slipped through which gaps\n\n");
        md.Append("| gap | ").Append(string.Join(" | ", matrix.Differences.Select(d => d.Id))).Append(" |\n|---|")
            .Append(string.Concat(matrix.Differences.Select(_ => "---:|"))).Append('\n');
        foreach (var gap in report.Gaps.Where(g => g.Count > 0))
        {
            md.Append("| `").Append(gap.Id).Append("` | ")
                .Append(string.Join(" | ", matrix.Differences.Select(d => matrix.Count(gap.Id, d.Id) is var n && n > 0 ? n.ToString(CultureInfo.InvariantCulture) : "")))
                .Append(" |\n");
        }
        md.Append('\n');
    }

    private static void ActionItems(StringBuilder md, RetroReport report, Func<string, string> link)
    {
        var a = report.ActionItems;
        md.Append("## 5. Action items\n\n");
        md.Append(CultureInfo.InvariantCulture, $"From this period's incidents: {a.Opened} opened, {a.Done} done, {a.Open} open, {a.Overdue} overdue (due before {RetroPeriod.Day(report.Today)}).");
        if (a.FollowedUpShare is { } share)
        {
            md.Append(CultureInfo.InvariantCulture,
                $" {a.IncidentsFollowedUp} of the {a.IncidentsWithGap} incidents that name a gap ({Math.Round(share * 100)}%) have a done action item for that gap.");
        }
        md.Append(CultureInfo.InvariantCulture, $" Committed (an owner and a due date): {a.CommittedDone} of {a.Committed} done");
        if (a.CommittedCompletion is { } completion) md.Append(CultureInfo.InvariantCulture, $" ({Math.Round(completion * 100)}%)");
        md.Append(CultureInfo.InvariantCulture, $"; {a.Candidates} {(a.Candidates == 1 ? "candidate" : "candidates")} without an owner or a due date.");
        md.Append("\n\n");
        if (a.OverdueItems.Count > 0)
        {
            md.Append("### Overdue\n\n");
            foreach (var item in a.OverdueItems)
            {
                md.Append("- [ ] ").Append(item.Text);
                if (item.Owner is not null) md.Append(" @").Append(item.Owner);
                if (item.Due is { } due) md.Append(" due:").Append(RetroPeriod.Day(due));
                if (item.Gap is not null) md.Append(" gap:").Append(item.Gap);
                md.Append(" ([").Append(item.IncidentId).Append("](").Append(link(item.IncidentId)).Append("))\n");
            }
            md.Append('\n');
        }
        var owners = a.ByOwner.Where(o => o.Open > 0).ToList();
        if (owners.Count > 0)
        {
            md.Append("### Open, by owner\n\n| owner | open | overdue | done |\n|---|---:|---:|---:|\n");
            foreach (var o in owners) md.Append(CultureInfo.InvariantCulture, $"| {(o.Key is null ? "no owner" : "@" + Escape(o.Key))} | {o.Open} | {o.Overdue} | {o.Done} |\n");
            md.Append('\n');
        }
    }

    private static void Discussion(StringBuilder md, RetroReport report, GapTaxonomy taxonomy)
    {
        md.Append("## 6. To discuss\n\n");
        foreach (var f in report.Findings.Take(5))
        {
            md.Append("- `").Append(f.Gap).Append("` (").Append(Escape(f.Title)).Append("): what would have caught these, and who owns closing it?");
            if (taxonomy.FindGap(f.Gap)?.Checklist is { Count: > 0 } checklist) md.Append(" The gap's checklist starts with: ").Append(checklist[0]);
            md.Append('\n');
        }
        if (report.ActionItems.Overdue > 0) md.Append("- Overdue action items: still worth doing? A new date and owner, or drop them.\n");
        if (report.WithoutGap > 0) md.Append("- Incidents that name no gap: which control should have caught them?\n");
        md.Append("- Anything this list misses.\n");
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}

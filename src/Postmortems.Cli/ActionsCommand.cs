using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Postmortems.Core.Retro;
using Postmortems.Core.Storage;

namespace Postmortems.Cli;

/// <summary>
/// <c>postmortems actions</c>: the open action items, for a scheduled job (cron, a CI schedule) that reminds people
/// of what is overdue or due soon. Reads the store's action item records through their indexes; exits 0 whenever
/// the list could be read, empty or not, so a schedule does not report an empty list as a failure.
/// </summary>
public static partial class ActionsCommand
{
    public static Command Create(CliContext context)
    {
        var overdue = new Option<bool>("--overdue") { Description = "Only items due before today (UTC)" };
        var dueWithin = new Option<string?>("--due-within") { Description = "Only items due from today to this many days ahead: 7d, 2w or 10 (days). With --overdue: either" };
        var owner = new Option<string?>("--owner") { Description = "Only this owner's items, any case, without the @ (@name would be read as a response file)" };
        var team = new Option<string?>("--team") { Description = "Only items of incidents that name this team" };
        var json = new Option<bool>("--json") { Description = "Print {\"today\", \"total\", \"overdue\", \"items\": [...]} as JSON" };
        var markdown = new Option<bool>("--markdown") { Description = "Print a Markdown task list, to paste into a ticket or a chat" };
        var command = new Command("actions", "List open action items, overdue first, then by due date. Exit 0 when the list was read (even empty), 2 on bad options.");
        foreach (var option in new Option[] { overdue, dueWithin, owner, team, json, markdown }) command.Options.Add(option);
        command.SetAction(result => context.Guard(() =>
        {
            if (result.GetValue(json) && result.GetValue(markdown))
            {
                context.Error.WriteLine("error: --json and --markdown cannot be used together");
                return CliApp.Error;
            }
            int? days = null;
            if (result.GetValue(dueWithin) is { } within)
            {
                days = Days(within);
                if (days is null)
                {
                    context.Error.WriteLine($"error: --due-within takes a number of days such as 7d, 2w or 10 (got '{within}')");
                    return CliApp.Error;
                }
            }

            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var taxonomy = SearchCommand.TaxonomyOrNull(context, result);
            var ownerName = result.GetValue(owner)?.Trim().TrimStart('@');
            using var store = new IncidentStore(context.DataDirectory(result), "postmortems actions");
            var onlyOverdue = result.GetValue(overdue);
            // The narrowest index the options allow: overdue alone is a due-date range.
            var dueBefore = onlyOverdue && days is null ? today : (DateOnly?)null;
            var rows = store.ActionItemRecords(string.IsNullOrEmpty(ownerName) ? null : ownerName, result.GetValue(team), dueBefore)
                .Where(r => !r.Done)
                .Select(r => Row(r, r.Gap is null ? null : taxonomy?.CurrentGapId(r.Gap) ?? r.Gap, today))
                .Where(r => (!onlyOverdue && days is null)
                    || onlyOverdue && r.Overdue
                    || days is { } d && r.Due is { } due && due >= today && due <= today.AddDays(d))
                .Order(ActionItemList.Order)
                .ToList();

            if (result.GetValue(json)) WriteJson(context.Output, rows, today);
            else if (result.GetValue(markdown)) WriteMarkdown(context.Output, rows, today);
            else WriteText(context.Output, rows, today);
            return CliApp.Success;
        }));
        return command;
    }

    private static ActionItemRow Row(ActionItemRecord r, string? gap, DateOnly today) =>
        new(r.IncidentId, r.IncidentTitle, r.IncidentDate, r.Status, r.Revision, r.Teams, r.Line, r.Text, r.Done, r.Owner, r.Due, gap,
            !r.Done && r.Due is { } due && due < today);

    /// <summary>"7d", "2w", "10": a number of days; null when it is none of those.</summary>
    internal static int? Days(string text)
    {
        var match = DaysPattern().Match(text.Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 3650) return null;
        return match.Groups[2].Value.Equals("w", StringComparison.OrdinalIgnoreCase) ? n * 7 : n;
    }

    [GeneratedRegex(@"^(\d{1,4})([dDwW]?)$")]
    private static partial Regex DaysPattern();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void WriteText(TextWriter output, List<ActionItemRow> rows, DateOnly today)
    {
        if (rows.Count == 0)
        {
            output.WriteLine("No open action item matches.");
            return;
        }
        output.WriteLine($"{rows.Count} open action item(s), {rows.Count(r => r.Overdue)} overdue (today is {Day(today)}, UTC):");
        foreach (var r in rows)
        {
            var due = r.Due is { } d ? Day(d) : "no due date";
            output.WriteLine($"{due,-11} {(r.Overdue ? "OVERDUE" : ""),-7} {(r.Owner is null ? "(no owner)" : "@" + r.Owner),-16} {r.Text}");
            output.WriteLine($"{"",20}{r.IncidentId}{(r.Gap is null ? "" : $"  gap:{r.Gap}")}");
        }
    }

    private static void WriteMarkdown(TextWriter output, List<ActionItemRow> rows, DateOnly today)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"## Open action items ({rows.Count}, {rows.Count(r => r.Overdue)} overdue on {Day(today)})\n\n");
        if (rows.Count == 0) md.Append("None.\n");
        foreach (var r in rows)
        {
            md.Append("- [ ] ").Append(r.Overdue ? "**overdue** " : "").Append(r.Text);
            if (r.Owner is not null) md.Append(" @").Append(r.Owner);
            if (r.Due is { } due) md.Append(" due:").Append(Day(due));
            if (r.Gap is not null) md.Append(" gap:").Append(r.Gap);
            md.Append(" ([").Append(r.IncidentId).Append("](incidents/").Append(Uri.EscapeDataString(r.IncidentId)).Append("))\n");
        }
        output.Write(md.ToString());
    }

    private static void WriteJson(TextWriter output, List<ActionItemRow> rows, DateOnly today) =>
        output.WriteLine(JsonSerializer.Serialize(new
        {
            today = Day(today),
            total = rows.Count,
            overdue = rows.Count(r => r.Overdue),
            items = rows.Select(r => new
            {
                incidentId = r.IncidentId,
                incidentTitle = r.IncidentTitle,
                line = r.Line,
                text = r.Text,
                owner = r.Owner,
                due = r.Due is { } d ? Day(d) : null,
                gap = r.Gap,
                teams = r.Teams,
                overdue = r.Overdue,
                candidate = r.Candidate,
            }),
        }));
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Postmortems.Core.DesignCheck;

/// <summary>
/// A design check as Markdown, to paste into the design doc or post on the pull request: the incidents with why,
/// the gaps, the pre-ship checklist as a task list, and the differences, each linking back to the knowledge base.
/// </summary>
public static partial class DesignCheckMarkdown
{
    /// <param name="baseUrl">Put in front of every link (<c>https://postmortems.example.com</c>); relative links
    /// (<c>/incidents/{id}</c>) when null or empty.</param>
    public static string Render(DesignCheckResult result, string? baseUrl = null)
    {
        var links = new Links(baseUrl);
        var md = new StringBuilder();
        md.AppendLine("## Design check: past incidents like this change").AppendLine();
        if (!result.FoundAnything)
        {
            md.AppendLine("No past incident looks like this change: none shares enough of its distinctive words.");
            if (result.Terms.Count > 0) md.AppendLine().AppendLine($"Read as: {Words(result.Terms.Take(12))}.");
            return md.ToString();
        }

        md.AppendLine($"Read as: {Words(result.Terms.Take(12))}.").AppendLine();
        md.AppendLine("### Incidents like this change").AppendLine();
        for (var i = 0; i < result.Incidents.Count; i++)
        {
            var incident = result.Incidents[i];
            var date = incident.Date is { } d ? $" ({d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : "";
            md.AppendLine($"{i + 1}. **[{Escape(incident.Title)}]({links.Incident(incident.Id)})**{date}, relevance {incident.Relevance.ToString("0.00", CultureInfo.InvariantCulture)}");
            if (incident.Why.Terms.Count > 0) md.AppendLine($"   - Shares: {Words(incident.Why.Terms.Take(10))}");
            if (incident.Why.Snippet.Length > 0) md.AppendLine($"   - {Snippet(incident.Why)}");
        }

        if (result.Gaps.Count > 0)
        {
            md.AppendLine().AppendLine("### Gaps that let them through").AppendLine();
            md.AppendLine("| Gap | Kind | Score | Incidents |").AppendLine("|---|---|---|---|");
            foreach (var gap in result.Gaps)
            {
                var incidents = string.Join(", ", gap.Incidents.Select(id => IncidentRef(result, id, links, gap.Suggested.Contains(id))));
                md.AppendLine($"| [{Escape(gap.Title)}]({links.Gap(gap.Id)}) | {gap.Kind} | {gap.Score.ToString("0.00", CultureInfo.InvariantCulture)} | {incidents} |");
            }
            if (result.Gaps.Any(g => g.Suggested.Count > 0))
                md.AppendLine().AppendLine("_suggested_: the incident was imported and nobody has confirmed its gaps yet; its text suggests this one (it counts half).");
        }

        if (result.Checklist.Count > 0)
        {
            var from = result.Gaps.Where(g => g.InChecklist).Select(g => $"[{Escape(g.Title)}]({links.Gap(g.Id)})");
            md.AppendLine().AppendLine("### Before you ship").AppendLine();
            var count = result.Gaps.Count(g => g.InChecklist);
            md.AppendLine($"From {(count == 1 ? "the top gap" : $"the top {count} gaps")}: {string.Join("; ", from)}.").AppendLine();
            foreach (var item in result.Checklist)
            {
                var behind = string.Join(", ", item.Incidents.Select(id => IncidentRef(result, id, links, suggested: false)));
                md.AppendLine($"- [ ] {Escape(item.Text)} _({string.Join(", ", item.Gaps)}: {behind})_");
            }
        }

        if (result.CaughtBefore.Count > 0)
        {
            md.AppendLine().AppendLine("### Caught before").AppendLine();
            foreach (var caught in result.CaughtBefore)
            {
                var behind = string.Join(", ", caught.NearMisses.Select(id => IncidentRef(result, id, links, suggested: false)));
                md.AppendLine($"- {caught.Text} _(near misses: {behind})_");
            }
        }

        if (result.Differences.Count > 0)
        {
            md.AppendLine().AppendLine("### What differed between dev and prod when similar changes failed").AppendLine();
            foreach (var difference in result.Differences)
            {
                var incidents = string.Join(", ", difference.Incidents.Select(id => IncidentRef(result, id, links, suggested: false)));
                var mentioned = difference.Mentioned.Count > 0 ? $" This design mentions: {string.Join(", ", difference.Mentioned.Select(Escape))}." : "";
                md.AppendLine($"- **{Escape(difference.Title)}** ({incidents}): {Escape(difference.Description)}{mentioned}");
            }
        }

        md.AppendLine().AppendLine("_Advisory, from the Postmortems design check: relevance is relative to the best match (1.00)._");
        return md.ToString();
    }

    /// <summary>Words as code spans (`db_pool_size`): literal, and easy to tell from the prose around them.</summary>
    private static string Words(IEnumerable<string> words) => string.Join(", ", words.Select(w => $"`{w.Replace("`", "", StringComparison.Ordinal)}`"));

    /// <summary>"[3](/incidents/id)": the incident's number in the list above, linked.</summary>
    private static string IncidentRef(DesignCheckResult result, string id, Links links, bool suggested)
    {
        var number = result.Incidents.ToList().FindIndex(i => i.Id == id) + 1;
        return $"[{number}]({links.Incident(id)}){(suggested ? " _suggested_" : "")}";
    }

    private static string Snippet(DesignWhy why)
    {
        var text = new StringBuilder();
        var at = 0;
        foreach (var highlight in why.Highlights)
        {
            text.Append(Escape(why.Snippet[at..highlight.Start]));
            text.Append("**").Append(Escape(why.Snippet.Substring(highlight.Start, highlight.Length))).Append("**");
            at = highlight.Start + highlight.Length;
        }
        return text.Append(Escape(why.Snippet[at..])).ToString();
    }

    /// <summary>
    /// Text from incidents and taxonomy as literal Markdown: no emphasis, links, HTML or table breaks it did not mean.
    /// An "@name" (action-item owners) or "#12" would notify a person or link an issue once posted on a pull request,
    /// so a zero-width space keeps them plain.
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = MarkdownSpecial().Replace(Whitespace().Replace(text, " "), @"\$0");
        return Mention().Replace(escaped, "$1\u200B");
    }

    [GeneratedRegex(@"[\\`*_\[\]<>|~]")]
    private static partial Regex MarkdownSpecial();

    [GeneratedRegex(@"([@#])(?=[\p{L}\p{N}])")]
    private static partial Regex Mention();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed class Links(string? baseUrl)
    {
        private readonly string _base = string.IsNullOrWhiteSpace(baseUrl) ? "" : baseUrl.Trim().TrimEnd('/');

        public string Incident(string id) => $"{_base}/incidents/{Uri.EscapeDataString(id)}";

        public string Gap(string id) => $"{_base}/gaps/{Uri.EscapeDataString(id)}";
    }
}

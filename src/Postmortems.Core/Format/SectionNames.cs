using System.Text.RegularExpressions;

namespace Postmortems.Core.Format;

/// <summary>
/// Which standard section a heading is, whatever an archive called it: "Contributing Factors" is the root cause,
/// "Follow-ups" the action items. Headings are never rewritten; they are read through this table.
/// </summary>
public static partial class SectionNames
{
    private static readonly Dictionary<string, string> Synonyms = Build(new()
    {
        [StandardSections.Summary] = ["summary", "incident summary", "overview", "executive summary", "tl dr", "tldr", "what happened", "description", "incident description", "the incident", "background", "incident report"],
        [StandardSections.Impact] = ["impact", "incident impact", "customer impact", "user impact", "business impact", "impact assessment", "who was affected", "affected services", "scope", "blast radius"],
        [StandardSections.Timeline] = ["timeline", "incident timeline", "timeline summary", "time line", "chronology", "sequence of events", "detailed timeline", "timeline of events"],
        [StandardSections.WhatDiffered] = ["what differed between dev and prod", "what differed", "dev vs prod", "environment differences", "differences between environments"],
        [StandardSections.RootCause] = ["root cause", "root causes", "root cause analysis", "rca", "cause", "causes", "identified cause", "contributing factors", "contributing factor", "why it happened", "what went wrong", "technical details", "the underlying issue", "analysis", "cause analysis"],
        [StandardSections.HowItGotThrough] = ["how it got through", "why it was not caught", "why it wasn t caught", "why wasn t it caught", "why was it not caught", "how did this get through", "gaps", "process gaps"],
        [StandardSections.Detection] = ["detection", "how we detected it", "how was it detected", "how it was detected", "why was this hard to detect", "monitoring and detection", "alerting"],
        [StandardSections.Resolution] = ["resolution", "recovery", "mitigation", "resolution and recovery", "fix", "the fix", "how we fixed it", "response", "incident response", "remediation steps taken", "workaround"],
        [StandardSections.ActionItems] = ["action items", "action item", "action points", "actions", "follow ups", "followups", "follow up actions", "follow up items", "remediation", "remediation items", "next steps", "corrective actions", "preventive actions", "prevention", "improvements", "todo", "to do", "what we re doing about it", "what we are doing about it", "future work"],
        [StandardSections.LessonsLearned] = ["lessons learned", "lessons learnt", "lessons", "learnings", "takeaways", "key takeaways", "what went well", "what we learned", "retrospective", "reflections"],
    });

    private static Dictionary<string, string> Build(Dictionary<string, string[]> table)
    {
        var synonyms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (standard, names) in table)
        {
            synonyms[Normalize(standard)] = standard;
            foreach (var name in names) synonyms.TryAdd(Normalize(name), standard);
        }
        return synonyms;
    }

    /// <summary>The standard section a heading stands for, or null for a section of its own.</summary>
    public static string? StandardFor(string heading)
    {
        var normalized = Normalize(heading);
        if (normalized.Length == 0) return null;
        if (Synonyms.TryGetValue(normalized, out var standard)) return standard;

        // "Identified cause (to be done pre-meeting)", "Timeline summary", "Root cause: the pool": the longest known
        // name the heading starts with, as whole words.
        return Synonyms
            .Where(s => normalized.StartsWith(s.Key + " ", StringComparison.Ordinal))
            .OrderByDescending(s => s.Key.Length)
            .Select(s => s.Value)
            .FirstOrDefault();
    }

    /// <summary>Lowercase words only: no numbering, punctuation, emphasis or trailing colon.</summary>
    private static string Normalize(string heading)
    {
        var text = LeadingNumber().Replace(heading.ToLowerInvariant(), "");
        text = NonWord().Replace(text, " ");
        return text.Trim();
    }

    [GeneratedRegex(@"^\s*(\d+(\.\d+)*[.)]?|[ivx]+[.)])\s+")]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();
}

using System.Text.RegularExpressions;
using Postmortems.Core.Format;

namespace Postmortems.Core.Style;

/// <summary>
/// Checks the prose of an incident against the style rules (blame, counterfactuals, hindsight, a single root cause)
/// and the built-in <see cref="NamedPersonRule"/>. It only reports: nothing is ever refused for what it finds.
/// </summary>
public sealed class StyleChecker
{
    public StyleChecker(IReadOnlyList<StyleRule> rules, IReadOnlyList<Problem> ruleProblems)
    {
        Rules = rules;
        RuleProblems = ruleProblems;
    }

    /// <summary>The rules read from the files: the ones with a problem are left out.</summary>
    public IReadOnlyList<StyleRule> Rules { get; }

    /// <summary>What was wrong with the rule files, each with its file and line.</summary>
    public IReadOnlyList<Problem> RuleProblems { get; }

    /// <summary>The rules of <c>&lt;content&gt;/style/</c> (none when the folder is absent).</summary>
    public static StyleChecker Load(string contentDirectory)
    {
        var problems = new List<Problem>();
        var rules = StyleRuleLoader.Load(Path.Combine(contentDirectory, StyleRuleLoader.StyleFolder), problems);
        return new StyleChecker(rules, problems);
    }

    /// <summary>Every finding in an incident's body, with the incident's authors and action-item owners as its people.</summary>
    public IReadOnlyList<StyleFinding> Check(IncidentDocument document)
    {
        var people = document.Incident.Authors.Concat(document.Incident.ActionItems.Select(a => a.Owner).OfType<string>());
        var bodyStart = document.FrontMatter.Present ? document.FrontMatter.BodyStart : 0;
        return Check(document.Text, people, bodyStart + ByteOrderMarkLength(document.Text));
    }

    /// <summary>Every finding in the prose of <paramref name="markdown"/> from <paramref name="bodyStart"/> on, in the order of the text.</summary>
    public IReadOnlyList<StyleFinding> Check(string markdown, IEnumerable<string> people, int bodyStart = 0)
    {
        var prose = ProseText.Read(markdown);
        var switches = new StyleSwitches(markdown);
        var lines = new LineIndex(markdown);
        var findings = new List<StyleFinding>();

        void Add(string ruleId, Match match, string message, string? suggestion, string level)
        {
            if (match.Index < bodyStart || !switches.IsOn(ruleId, match.Index)) return;
            var line = lines.LineOf(match.Index);
            findings.Add(new StyleFinding(ruleId, match.Index, match.Length, line, match.Index - lines.StartOf(line) + 1,
                markdown.Substring(match.Index, match.Length), message, suggestion, level));
        }

        var named = NamedPersonRule.Pattern(people);
        foreach (var (start, length) in prose.Regions)
        {
            foreach (var rule in Rules)
            {
                foreach (var match in Matches(rule.Pattern, prose.Masked, start, length))
                {
                    var matched = markdown.Substring(match.Index, match.Length);
                    if (rule.Exceptions.Contains(matched)) continue;
                    var suggestion = rule.SuggestionFor(match);
                    Add(rule.Id, match, rule.MessageFor(matched, suggestion), suggestion, rule.Level);
                }
            }
            foreach (var match in Matches(named, prose.Masked, start, length))
            {
                Add(NamedPersonRule.Id, match, NamedPersonRule.MessageFor(match.Groups["person"].Value), null, NamedPersonRule.Level);
            }
        }
        return findings.OrderBy(f => f.Offset).ThenBy(f => f.RuleId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The matches inside one region only: lookarounds and word boundaries do not see past it. A rule that runs past
    /// its time limit on a paragraph (a team's own expression gone exponential) finds nothing more there.
    /// </summary>
    private static List<Match> Matches(Regex pattern, string text, int start, int length)
    {
        var matches = new List<Match>();
        try
        {
            for (var match = pattern.Match(text, start, length); match.Success; match = match.NextMatch()) matches.Add(match);
        }
        catch (RegexMatchTimeoutException)
        {
            // Advice only: a slow rule must not stop the editor, the page or validate.
        }
        return matches;
    }

    private static int ByteOrderMarkLength(string text) => text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
}

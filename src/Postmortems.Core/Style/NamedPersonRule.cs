using System.Text.RegularExpressions;

namespace Postmortems.Core.Style;

/// <summary>
/// The one built-in rule, <c>Blameless.NamedPerson</c>: a person as the subject of a failure ("@bob forgot to", "lena missed the alert").
/// It needs the incident's people (its authors and action-item owners), which a Vale rule file cannot know, so it is code, not a file.
/// Any <c>@handle</c> counts as a person; a bare name counts only when it is one of the incident's people.
/// </summary>
public static partial class NamedPersonRule
{
    public const string Id = "Blameless.NamedPerson";
    public const string Level = "warning";

    private const string FailureVerbs =
        @"forgot|forgets|forgotten|missed|misses|overlooked|neglected|ignored|skipped|broke|botched|messed up|screwed up|fat-fingered|caused" +
        @"|failed to|did not|didn't|never|should have|should've|could have|mistakenly|accidentally|carelessly|wrongly|made an? (?:mistake|error)";

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The rule's expression for these people; null when there is no one to look for but <c>@handles</c>.</summary>
    internal static Regex Pattern(IEnumerable<string> people)
    {
        var names = people.Where(p => p.Length >= 2).Select(p => Regex.Escape(p.TrimStart('@'))).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(p => p.Length).ToList();
        var person = names.Count == 0 ? @"@[\w][\w.-]*\w" : $@"@[\w][\w.-]*\w|\b(?:{string.Join('|', names)})\b";
        return new Regex($@"(?<person>{person})(?:'s)?\s+(?:\w+ly\s+)?(?:{FailureVerbs})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
    }

    internal static string MessageFor(string person) =>
        $"'{person}' is the subject of a failure: say what the system made easy to miss or what check was absent, not who slipped";
}

using System.Text.RegularExpressions;

namespace Postmortems.Core.Style;

/// <summary>
/// Vale's comments that switch rules off and on in a file: <c>&lt;!-- vale off --&gt;</c> / <c>&lt;!-- vale on --&gt;</c> for every rule,
/// <c>&lt;!-- vale Blameless.Hindsight = NO --&gt;</c> / <c>= YES</c> for one. A switch holds from where it is written until the next.
/// </summary>
internal sealed partial class StyleSwitches
{
    private readonly List<(int Offset, string? RuleId, bool On)> _switches = [];

    public StyleSwitches(string text)
    {
        foreach (Match match in Switch().Matches(text))
        {
            if (match.Groups["all"].Success) _switches.Add((match.Index, null, match.Groups["all"].Value.Equals("on", StringComparison.OrdinalIgnoreCase)));
            else _switches.Add((match.Index, match.Groups["rule"].Value, match.Groups["state"].Value.Equals("YES", StringComparison.OrdinalIgnoreCase)));
        }
    }

    public bool IsOn(string ruleId, int offset)
    {
        var on = true;
        foreach (var (switchOffset, rule, state) in _switches)
        {
            if (switchOffset > offset) break;
            if (rule is null || rule.Equals(ruleId, StringComparison.Ordinal)) on = state;
        }
        return on;
    }

    [GeneratedRegex(@"<!--\s*vale\s+(?:(?<all>on|off)|(?<rule>[\w.-]+)\s*=\s*(?<state>YES|NO))\s*-->", RegexOptions.IgnoreCase)]
    private static partial Regex Switch();
}

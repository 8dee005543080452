using System.Text.RegularExpressions;

namespace Postmortems.Core.Style;

/// <summary>How a rule finds what it reports, after Vale's rule types of the same names.</summary>
public enum StyleRuleKind
{
    /// <summary>Any of its tokens is reported.</summary>
    Existence,

    /// <summary>Each key of its swap map is reported with its value as the rewording.</summary>
    Substitution,
}

/// <summary>One rule read from a Vale rule file (<c>content/style/&lt;Style&gt;/&lt;Rule&gt;.yml</c>).</summary>
/// <param name="Id">Vale's rule id: the style folder and the file name, e.g. <c>Blameless.HumanError</c>.</param>
/// <param name="Pattern">All tokens (or swap keys) in one expression; a swap key's match is the group <c>swap{n}</c>.</param>
/// <param name="Swaps">For a substitution, the rewording of each swap key, in the order of the groups.</param>
public sealed partial record StyleRule(
    string Id,
    string File,
    StyleRuleKind Kind,
    string Message,
    string Level,
    Regex Pattern,
    IReadOnlyList<string> Swaps,
    IReadOnlySet<string> Exceptions)
{
    public static readonly IReadOnlyList<string> Levels = ["suggestion", "warning", "error"];

    public const string SwapGroupPrefix = "swap";

    /// <summary>The rewording a substitution suggests for this match, or null.</summary>
    public string? SuggestionFor(Match match)
    {
        if (Kind != StyleRuleKind.Substitution) return null;
        for (var i = 0; i < Swaps.Count; i++)
        {
            if (match.Groups[SwapGroupPrefix + i].Success) return Swaps[i];
        }
        return null;
    }

    /// <summary>Vale's message: each <c>%s</c> in turn takes the rewording (substitution only), then the matched text.</summary>
    public string MessageFor(string matched, string? suggestion)
    {
        var values = suggestion is null ? new Queue<string>([matched]) : new Queue<string>([suggestion, matched]);
        return PercentS().Replace(Message, _ => values.Count > 1 ? values.Dequeue() : values.Peek());
    }

    [GeneratedRegex("%s")]
    private static partial Regex PercentS();
}

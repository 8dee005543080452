using System.Text.RegularExpressions;

namespace Postmortems.Web.Components.Pages.Gaps;

/// <summary>Short plain-text forms of a gap's Markdown, for lists.</summary>
public static partial class GapText
{
    /// <summary>
    /// The description's first sentence as plain text (inline Markdown marks dropped), cut at a word near
    /// <paramref name="max"/> characters when it is longer.
    /// </summary>
    public static string OneLine(string description, int max = 180)
    {
        var paragraph = description.Trim().Split(["\r\n\r\n", "\n\n"], 2, StringSplitOptions.None)[0];
        var text = Whitespace().Replace(InlineMarks().Replace(Links().Replace(paragraph, "$1"), ""), " ").Trim();
        var end = SentenceEnd().Match(text);
        if (end.Success) text = text[..(end.Index + 1)];
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max);
        return text[..(cut > max / 2 ? cut : max)].TrimEnd(',', ';', ':') + "…";
    }

    // "[text](url)" keeps its text.
    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Links();

    [GeneratedRegex(@"[*_`]+")]
    private static partial Regex InlineMarks();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // A full stop, question or exclamation mark followed by a space and a capital: not "e.g. the".
    [GeneratedRegex(@"[.!?](?=\s+[A-Z])")]
    private static partial Regex SentenceEnd();
}

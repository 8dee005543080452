using System.Text.RegularExpressions;

namespace Postmortems.Core.Import.Chat;

/// <summary>
/// Slack's message markup as Markdown: mentions become names, channel references names, links Markdown links. The
/// HTML entities Slack escapes (&amp;lt; &amp;gt; &amp;amp;) are left as they are: Markdown shows them as the characters.
/// </summary>
public static partial class SlackText
{
    /// <param name="unknownUser">Called with each user id that <paramref name="users"/> does not know.</param>
    public static string ToMarkdown(string text, IReadOnlyDictionary<string, SlackUser> users, Action<string>? unknownUser = null) =>
        Token().Replace(text, match =>
        {
            var target = match.Groups["target"].Value;
            var label = match.Groups["label"].Success ? match.Groups["label"].Value : null;
            switch (target[0])
            {
                case '@':
                    var id = target[1..];
                    if (users.TryGetValue(id, out var user)) return "@" + user.DisplayName;
                    unknownUser?.Invoke(id);
                    return "@" + (label ?? id);
                case '#':
                    return "#" + (label ?? target[1..]);
                case '!':
                    return label ?? (target[1..] is "here" or "channel" or "everyone" ? "@" + target[1..] : target[1..]);
                default:
                    return label is null || label == target ? $"<{target}>" : $"[{EscapeLabel(label)}]({target})";
            }
        });

    private static string EscapeLabel(string label) => label.Replace("[", "\\[").Replace("]", "\\]");

    /// <summary>
    /// One &lt;...&gt; reference: a user (@U..), a channel (#C..), a special mention (!here, !subteam^ID), or a link
    /// (http, https, mailto), each with an optional |label.
    /// </summary>
    [GeneratedRegex(@"<(?<target>[@#!][^|>\s]+|(?:https?|mailto|ftp):[^|>\s]+)(?:\|(?<label>[^>]*))?>")]
    private static partial Regex Token();
}

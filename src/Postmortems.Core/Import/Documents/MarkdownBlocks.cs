using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Postmortems.Core.Format;

namespace Postmortems.Core.Import.Documents;

/// <summary>A block of a converted document; texts are already inline Markdown.</summary>
internal abstract record Block;

internal sealed record Heading(int Level, string Text) : Block;

internal sealed record Paragraph(string Text) : Block;

internal sealed record ListItem(int Depth, bool Ordered, string Text) : Block;

internal sealed record Table(IReadOnlyList<IReadOnlyList<string>> Rows) : Block;

internal sealed record Code(string Text) : Block;

internal sealed record Quote(string Text) : Block;

/// <summary>What a Word or Confluence document became, and what of it could not be converted.</summary>
public sealed record ConvertedDocument(string Format, string Markdown, IReadOnlyList<string> NotConverted)
{
    /// <summary>The title the source states outside its text (a Confluence page's title, a .docx file's properties).</summary>
    public string? Title { get; init; }

    /// <summary>When the source was last edited, as it says (a Confluence page's last-modified date).</summary>
    public DateTimeOffset? LastModified { get; init; }
}

/// <summary>
/// Writes converted blocks as Markdown the format reads: the title as the one <c>#</c> heading, the document's
/// sections as <c>##</c> headings (however deep the source put its top level), and a table of action items under an
/// action-items heading as task lines, so that they are read as action items.
/// </summary>
internal static partial class MarkdownBlocks
{
    public static string Write(string? title, IReadOnlyList<Block> blocks)
    {
        var headings = blocks.OfType<Heading>().ToList();
        if (title is null && headings.Count > 0 && headings.Count(h => h.Level <= headings[0].Level) == 1)
        {
            title = headings[0].Text;
            blocks = [.. blocks.Where(b => !ReferenceEquals(b, headings[0]))];
            headings.RemoveAt(0);
        }
        var offset = headings.Count > 0 ? 2 - headings.Min(h => h.Level) : 0;

        var text = new StringBuilder();
        if (title is not null) text.Append("# ").Append(title.Trim()).Append("\n\n");
        string? section = null;
        Block? previous = null;
        foreach (var block in blocks)
        {
            if (previous is not null) text.Append(previous is ListItem && block is ListItem ? "\n" : "\n\n");
            switch (block)
            {
                case Heading heading:
                    var level = Math.Clamp(heading.Level + offset, 2, 6);
                    if (level == 2) section = SectionNames.StandardFor(Plain(heading.Text));
                    text.Append('#', level).Append(' ').Append(heading.Text);
                    break;
                case Paragraph paragraph:
                    text.Append(paragraph.Text);
                    break;
                case ListItem item:
                    text.Append(' ', item.Depth * (item.Ordered ? 3 : 2)).Append(item.Ordered ? "1. " : "- ").Append(item.Text);
                    break;
                case Table table when section == StandardSections.ActionItems && ActionItemsTable.Read(table) is { } tasks:
                    text.Append(tasks);
                    break;
                case Table table:
                    WriteTable(text, table);
                    break;
                case Code code:
                    var fence = code.Text.Contains("```", StringComparison.Ordinal) ? "~~~~" : "```";
                    text.Append(fence).Append('\n').Append(code.Text).Append('\n').Append(fence);
                    break;
                case Quote quote:
                    text.Append(string.Join('\n', quote.Text.Split('\n').Select(l => "> " + l)));
                    break;
            }
            previous = block;
        }
        return text.Append('\n').ToString();
    }

    private static void WriteTable(StringBuilder text, Table table)
    {
        var width = table.Rows.Max(r => r.Count);
        var rows = table.Rows.Select(r => r.Concat(Enumerable.Repeat("", width - r.Count)).Select(Cell).ToList()).ToList();
        text.Append("| ").Append(string.Join(" | ", rows[0])).Append(" |\n");
        text.Append('|').Append(string.Concat(Enumerable.Repeat("---|", width)));
        foreach (var row in rows.Skip(1)) text.Append("\n| ").Append(string.Join(" | ", row)).Append(" |");
    }

    private static string Cell(string text) => text.Replace("\n", " ").Replace("|", "\\|").Trim();

    /// <summary>The words of inline Markdown, without its markup (to recognise a heading).</summary>
    public static string Plain(string markdown) => MarkupCharacters().Replace(LinkMarkup().Replace(markdown, "${text}"), "");

    /// <summary>Text as inline Markdown: the characters that would start markup are escaped.</summary>
    public static string Escape(string text)
    {
        var escaped = SpecialCharacters().Replace(text, @"\$0");
        escaped = LineStartMarker().Replace(escaped, @"\$0");
        return OrderedListMarker().Replace(escaped, @"\$0");
    }

    /// <summary>One run of text with its formatting as inline Markdown; spaces stay outside the markers, where Markdown needs them.</summary>
    public static string Format(string text, bool bold, bool italic, bool strike, bool code, string? link)
    {
        if (text.Trim().Length == 0) return text;
        var leading = text[..(text.Length - text.TrimStart().Length)];
        var trailing = text[text.TrimEnd().Length..];
        var core = text.Trim();
        core = code ? CodeSpan(core) : Escape(core);
        if (strike) core = $"~~{core}~~";
        if (italic) core = $"*{core}*";
        if (bold) core = $"**{core}**";
        if (link is not null) core = $"[{core}]({link.Replace(" ", "%20").Replace(")", "%29")})";
        return leading + core + trailing;
    }

    private static string CodeSpan(string text)
    {
        var ticks = new string('`', LongestRun(text, '`') + 1);
        return text.StartsWith('`') || text.EndsWith('`') ? $"{ticks} {text} {ticks}" : $"{ticks}{text}{ticks}";
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, current = 0;
        foreach (var ch in text)
        {
            current = ch == c ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }
        return longest;
    }

    [GeneratedRegex(@"[\\`*\[\]<]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])")]
    private static partial Regex SpecialCharacters();

    /// <summary>What would make a paragraph a heading, quote or list: "# ", "> ", "- ", "+ ".</summary>
    [GeneratedRegex(@"^(#{1,6}(?=\s)|>|[-+](?=\s))", RegexOptions.Multiline)]
    private static partial Regex LineStartMarker();

    /// <summary>The dot of "1. " at the start of a line, which would make it a numbered list.</summary>
    [GeneratedRegex(@"(?<=^\d{1,9})[.)](?=\s)", RegexOptions.Multiline)]
    private static partial Regex OrderedListMarker();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkMarkup();

    [GeneratedRegex(@"[*_`~\\]")]
    private static partial Regex MarkupCharacters();
}

/// <summary>
/// A table of action items as task lines: the action, then <c>@owner</c> and <c>due:YYYY-MM-DD</c> when those columns
/// say so, then every other column's text; a status of done, closed or similar ticks the box.
/// </summary>
internal static partial class ActionItemsTable
{
    public static string? Read(Table table)
    {
        if (table.Rows.Count < 2) return null;
        var header = table.Rows[0].Select(h => MarkdownBlocks.Plain(h).Trim().ToLowerInvariant()).ToList();
        int Column(Regex names) => header.FindIndex(names.IsMatch);
        var action = Column(ActionHeader());
        var owner = Column(OwnerHeader());
        var due = Column(DueHeader());
        var status = Column(StatusHeader());
        if (action < 0) action = Enumerable.Range(0, header.Count).First(i => i != owner && i != due && i != status);

        var lines = new List<string>();
        foreach (var row in table.Rows.Skip(1))
        {
            string Cell(int i) => i >= 0 && i < row.Count ? row[i].Replace("\n", " ").Trim() : "";
            var line = new StringBuilder("- [").Append(Done().IsMatch(MarkdownBlocks.Plain(Cell(status))) ? 'x' : ' ').Append("] ").Append(Cell(action));
            for (var i = 0; i < row.Count; i++)
            {
                if (i != action && i != owner && i != due && Cell(i).Length > 0) line.Append(" (").Append(table.Rows[0][i].Trim()).Append(": ").Append(Cell(i)).Append(')');
            }
            if (Cell(owner) is { Length: > 0 } who) line.Append(" @").Append(Spaces().Replace(MarkdownBlocks.Plain(who), "-"));
            var dueText = MarkdownBlocks.Plain(Cell(due));
            var isoDue = DateOnly.TryParse(dueText, CultureInfo.InvariantCulture, out var date) ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            if (isoDue is not null) line.Append(" due:").Append(isoDue);
            if (dueText.Length > 0 && dueText != isoDue) line.Append(" (due ").Append(Cell(due)).Append(')');
            lines.Add(line.ToString());
        }
        // The header's words stay in the text: the table is gone, what its columns were called is not.
        return $"Converted from a table ({string.Join(" | ", table.Rows[0].Select(h => h.Trim()))}):\n\n" + string.Join('\n', lines);
    }

    [GeneratedRegex(@"\b(action|item|task|what|description|follow)")]
    private static partial Regex ActionHeader();

    [GeneratedRegex(@"\b(owner|assignee|assigned|who|responsible)")]
    private static partial Regex OwnerHeader();

    [GeneratedRegex(@"\b(due|deadline|target date|by when|when)")]
    private static partial Regex DueHeader();

    [GeneratedRegex(@"\b(status|state|done)")]
    private static partial Regex StatusHeader();

    [GeneratedRegex(@"^\s*(done|complete|completed|closed|fixed|resolved|yes|✓|✔|☑)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Done();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

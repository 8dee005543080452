using System.Buffers;

namespace Postmortems.Core.Format;

/// <summary>
/// The shape a Markdown text must keep before a parser sees it. Markdig's inline parsing is quadratic in the length of
/// one paragraph for some inputs (thousands of unclosed brackets, links or autolinks in one block), its automatic
/// heading ids are quadratic in the number of headings, and deep nesting ends in its depth limit: a 1 MB text of such
/// shapes took minutes. No incident comes near these limits (the largest block in the public archives is 6 KB).
/// </summary>
public static class MarkdownLimits
{
    /// <summary>An incident file's size, in characters; the API and the importer refuse larger bodies and files up front.</summary>
    public const int MaxChars = 1024 * 1024;

    public const int MaxLineLength = 20_000;

    /// <summary>One block: lines between blank lines, list items and headings; fenced code does not count.</summary>
    public const int MaxBlockLength = 32 * 1024;

    /// <summary>
    /// Quotes and lists inside each other at the start of a line, brackets or parentheses left open in a block, and
    /// the length of a run of emphasis marks ('*', '_') inside a line.
    /// </summary>
    public const int MaxNesting = 16;

    public const int MaxHeadings = 1_000;

    /// <summary>
    /// Markup characters outside code (<c>*_`[]()&lt;&gt;&amp;!|~</c>; a web address counts 10, a block 1 and a list item its depth): rendering and sanitizing
    /// cost grows with the elements they make (100,000 links or 330,000 paragraphs in 1 MB took over 8 s, 19,000 list items 2 s). The densest incident in the public
    /// archives has 661.
    /// </summary>
    public const int MaxMarkup = 10_000;

    /// <summary>Lines with a '|' outside code: Markdig's pipe tables cost about 0.1 ms a row.</summary>
    public const int MaxTableRows = 2_000;

    /// <summary>The first limit the text goes over, as a problem on its line, or null when the text keeps them all.</summary>
    /// <param name="text">The text without a byte order mark.</param>
    public static Problem? Check(string text, string file)
    {
        if (text.Length > MaxChars)
        {
            return new Problem(file, 1, $"The file has {text.Length:N0} characters; an incident must fit in {MaxChars:N0}",
                "Move long logs or data out of the incident and link to them");
        }

        var line = 0;
        var headings = 0;
        var tableRows = 0;
        var markup = 0;
        var block = new BlockState();
        var inFence = false;
        var position = 0;
        while (position <= text.Length)
        {
            line++;
            var end = text.IndexOf('\n', position);
            if (end < 0) end = text.Length;
            var content = text.AsSpan(position, end - position);
            position = end + 1;

            if (content.Length > MaxLineLength)
            {
                return new Problem(file, line, $"Line {line} has {content.Length:N0} characters; a line may have at most {MaxLineLength:N0}",
                    "Break the line into several lines or paragraphs, or move long data out of the incident");
            }
            if (content.IndexOf('\0') is var nul and >= 0)
            {
                return new Problem(file, line, $"Line {line} contains a NUL character (column {nul + 1}): the text is not plain text",
                    "Remove the NUL characters; save the file as UTF-8 text");
            }

            var trimmed = content.TrimStart(" \t");
            if (trimmed.StartsWith("```") || trimmed.StartsWith("~~~"))
            {
                inFence = !inFence;
                block = new BlockState();
                continue;
            }
            if (inFence) continue;

            var nesting = LineStartNesting(content);
            if (nesting > MaxNesting)
            {
                return new Problem(file, line, $"Line {line} nests {nesting} quotes, lists or indentation levels; at most {MaxNesting} are allowed",
                    "Flatten the quotes and lists on this line");
            }
            var listItem = StartsListItem(content);
            if (listItem) markup += nesting;
            if (trimmed.IsEmpty || listItem || trimmed.StartsWith("#")) block = new BlockState();
            if (trimmed.IsEmpty) continue;
            if (block.IsEmpty) markup++;
            if (trimmed.StartsWith("#") && ++headings > MaxHeadings)
                return new Problem(file, line, $"The text has more than {MaxHeadings:N0} headings", "Keep headings for sections; use lists or bold text inside them");

            markup += content.IndexOfAny(MarkupCharacters) < 0 && content.IndexOfAny(WebAddressStarts) < 0 ? 0 : Markup(content);
            if (markup > MaxMarkup)
            {
                return new Problem(file, line, $"The text has more than {MaxMarkup:N0} markup characters, links and blocks (by line {line})",
                    "Move long lists of links or data out of the incident, or put data in fenced code blocks");
            }
            if (content.Contains('|') && ++tableRows > MaxTableRows)
                return new Problem(file, line, $"The text has more than {MaxTableRows:N0} table rows", "Move large tables out of the incident and link to them");
            if (EmphasisRun(content) > MaxNesting)
            {
                return new Problem(file, line, $"Line {line} has a run of more than {MaxNesting} '*' or '_' inside its text",
                    "Remove the run, or put it in `code` if it is data");
            }
            if (block.Add(content, out var why) is false)
                return new Problem(file, line, $"Line {line}: the block it belongs to {why}", "Split the block with blank lines, and close the brackets you open");
        }
        return null;
    }

    /// <summary>How deeply the start of a line nests: each '&gt;' and list marker, and each two columns of indentation.</summary>
    private static int LineStartNesting(ReadOnlySpan<char> line)
    {
        var nesting = 0;
        var columns = 0;
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == ' ') columns++;
            else if (c == '\t') columns += 4;
            else if (c == '>') nesting++;
            else if (c is '-' or '*' or '+' && i + 1 < line.Length && line[i + 1] is ' ' or '\t') nesting++;
            else break;
            i++;
        }
        return nesting + columns / 2;
    }

    private static readonly SearchValues<char> MarkupCharacters = SearchValues.Create("*_`[]()<>&!|~");
    private static readonly SearchValues<string> WebAddressStarts = SearchValues.Create(["http", "www."], StringComparison.OrdinalIgnoreCase);

    private static int Markup(ReadOnlySpan<char> line)
    {
        var count = 0;
        foreach (var c in line)
        {
            if (MarkupCharacters.Contains(c)) count++;
        }
        for (var rest = line; rest.IndexOfAny(WebAddressStarts) is var at and >= 0; rest = rest[(at + 4)..]) count += 10;
        return count;
    }

    /// <summary>The longest run of '*' or '_' in a line that is not only that run (a line of them is a thematic break).</summary>
    private static int EmphasisRun(ReadOnlySpan<char> line)
    {
        var longest = 0;
        var run = 0;
        var previous = '\0';
        foreach (var c in line)
        {
            run = c is '*' or '_' && (run == 0 || c == previous) ? run + 1 : c is '*' or '_' ? 1 : 0;
            previous = c;
            longest = Math.Max(longest, run);
        }
        return longest > MaxNesting && line.Trim(" \t").Trim(line.Trim(" \t")[0]).IsEmpty ? 0 : longest;
    }

    private static bool StartsListItem(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart(" \t>");
        if (trimmed.Length >= 2 && trimmed[0] is '-' or '*' or '+' && trimmed[1] is ' ' or '\t') return true;
        var digits = 0;
        while (digits < trimmed.Length && digits < 10 && char.IsAsciiDigit(trimmed[digits])) digits++;
        return digits > 0 && digits + 1 < trimmed.Length && trimmed[digits] is '.' or ')' && trimmed[digits + 1] is ' ' or '\t';
    }

    /// <summary>The length of the current block and the brackets and parentheses left open in it.</summary>
    private struct BlockState
    {
        private int _length;

        public readonly bool IsEmpty => _length == 0;
        private int _brackets;
        private int _parentheses;

        public bool Add(ReadOnlySpan<char> line, out string why)
        {
            why = "";
            _length += line.Length + 1;
            if (_length > MaxBlockLength)
            {
                why = $"is over {MaxBlockLength / 1024} KB without a blank line";
                return false;
            }
            for (var i = 0; i < line.Length; i++)
            {
                switch (line[i])
                {
                    case '\\': i++; break;
                    case '[': _brackets++; break;
                    case ']': _brackets = Math.Max(0, _brackets - 1); break;
                    case '(': _parentheses++; break;
                    case ')': _parentheses = Math.Max(0, _parentheses - 1); break;
                }
                if (_brackets > MaxNesting || _parentheses > MaxNesting)
                {
                    why = $"opens more than {MaxNesting} brackets or parentheses without closing them";
                    return false;
                }
            }
            return true;
        }
    }
}

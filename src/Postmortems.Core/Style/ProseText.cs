using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Postmortems.Core.Format;

namespace Postmortems.Core.Style;

/// <summary>
/// The prose of a Markdown body: paragraphs, list items and table cells, without front matter, headings, code blocks,
/// quoted chat lines, inline code, links' addresses or comments. Each paragraph is one region, so that no match runs
/// from one paragraph into the next.
/// </summary>
internal sealed partial class ProseText
{
    private ProseText(string masked, IReadOnlyList<(int Start, int Length)> regions)
    {
        Masked = masked;
        Regions = regions;
    }

    /// <summary>The text with everything that is not prose blanked out, character for character, so offsets stay true.</summary>
    public string Masked { get; }

    public IReadOnlyList<(int Start, int Length)> Regions { get; }

    public static ProseText Read(string text)
    {
        var markdown = Markdown.Parse(text, MarkdownPipelines.Incident);
        var regions = new List<(int, int)>();
        foreach (var paragraph in markdown.Descendants<ParagraphBlock>())
        {
            if (paragraph.Span.IsEmpty || InsideChatQuote(paragraph, text)) continue;
            regions.Add((paragraph.Span.Start, paragraph.Span.Length));
        }
        var masked = NotProse().Replace(text, m => new string(' ', m.Length));
        return new ProseText(masked, regions);
    }

    private static bool InsideChatQuote(Block block, string text)
    {
        for (var parent = block.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is QuoteBlock quote && ChatLine().IsMatch(text.Substring(quote.Span.Start, quote.Span.Length))) return true;
        }
        return false;
    }

    /// <summary>Inline code, HTML comments and tags, link targets and bare addresses: words in them are not the writer's prose.</summary>
    [GeneratedRegex(@"`+[^`\n]*`+|<!--.*?-->|<[^>\n]*>|\]\([^)\n]*\)|https?://\S+", RegexOptions.Singleline)]
    private static partial Regex NotProse();

    /// <summary>A pasted chat line: a time then a name (<c>[10:42] ana:</c>), a <c>&lt;nick&gt;</c>, or an <c>@handle:</c> or <c>**name**:</c> speaker.</summary>
    [GeneratedRegex(@"^[ \t]*>?[ \t]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]*[-–]?[ \t]*(?:<?@?[\w.-]+>?|\*\*@?[\w. -]+\*\*)[ \t]*:|<@?[\w.-]+>|@[\w.-]+:|\*\*@?[\w.-]+\*\*:)", RegexOptions.Multiline)]
    private static partial Regex ChatLine();
}

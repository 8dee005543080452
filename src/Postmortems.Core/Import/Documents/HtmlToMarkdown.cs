using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Postmortems.Core.Import.Documents;

/// <summary>
/// HTML (a Confluence page's content) as Markdown blocks: headings, paragraphs, lists, tables, code, quotes, links,
/// bold, italic, strikethrough and inline code. Images and macros that leave no text are listed as not converted.
/// </summary>
internal sealed partial class HtmlToMarkdown
{
    private static readonly HashSet<string> Inline = new(StringComparer.OrdinalIgnoreCase)
        { "a", "b", "strong", "i", "em", "code", "tt", "kbd", "samp", "span", "s", "del", "strike", "u", "ins", "sub", "sup", "small", "big", "time", "abbr", "br", "img", "label", "mark", "font", "cite", "q", "var", "wbr" };

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "noscript", "template", "hr", "head", "meta", "link", "button", "input", "select", "svg" };

    private readonly List<Block> _blocks = [];
    private readonly List<INode> _pending = [];

    public List<string> NotConverted { get; } = [];

    public IReadOnlyList<Block> Convert(IElement root)
    {
        Walk(root);
        return _blocks;
    }

    private void Walk(INode node)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText || child is IElement e && Inline.Contains(e.LocalName)) _pending.Add(child);
            else if (child is IElement element)
            {
                Flush();
                BlockOf(element);
            }
        }
        Flush();
    }

    private void Flush()
    {
        if (_pending.Count == 0) return;
        var text = InlineMarkdown(_pending).Trim();
        _pending.Clear();
        if (text.Length > 0) _blocks.Add(new Paragraph(text));
    }

    private void BlockOf(IElement element)
    {
        var name = element.LocalName;
        if (Skipped.Contains(name)) return;
        if (HeadingName().Match(name) is { Success: true } heading)
        {
            var text = InlineMarkdown(element.ChildNodes).Trim();
            if (text.Length > 0) _blocks.Add(new Heading(heading.Groups[1].Value[0] - '0', text));
            return;
        }
        switch (name)
        {
            case "ul" or "ol":
                List(element, 0);
                return;
            case "table":
                var rows = element.QuerySelectorAll("tr").Where(r => r.Closest("table") == element)
                    .Select(r => (IReadOnlyList<string>)r.Children.Where(c => c.LocalName is "td" or "th").Select(c => Flattened(c)).ToList())
                    .Where(r => r.Count > 0).ToList();
                if (rows.Count > 0) _blocks.Add(new Table(rows));
                return;
            case "pre":
                var code = element.TextContent.TrimEnd('\n', '\r');
                if (code.Trim().Length > 0) _blocks.Add(new Code(code));
                return;
            case "blockquote":
                var quote = Flattened(element);
                if (quote.Length > 0) _blocks.Add(new Quote(quote));
                return;
        }
        var before = _blocks.Count;
        Walk(element);
        if (_blocks.Count == before && element.GetAttribute("data-macro-name") is { Length: > 0 } macro)
            NotConverted.Add($"a '{macro}' macro (Confluence renders it; the export has no text for it)");
    }

    private void List(IElement list, int depth)
    {
        var ordered = list.LocalName == "ol";
        foreach (var item in list.Children.Where(c => c.LocalName == "li"))
        {
            var nested = item.Children.Where(c => c.LocalName is "ul" or "ol").ToList();
            var text = string.Join(' ', item.ChildNodes.Where(n => n is not IElement e || !nested.Contains(e))
                .Select(n => n is IElement e && !Inline.Contains(e.LocalName) ? Flattened(e) : InlineMarkdown([n]))).Trim();
            text = Whitespace().Replace(text, " ");
            if (text.Length > 0) _blocks.Add(new ListItem(depth, ordered, text));
            foreach (var inner in nested) List(inner, text.Length > 0 ? depth + 1 : depth);
        }
    }

    /// <summary>Everything in an element as one line of inline Markdown (a table cell, a list item's paragraphs).</summary>
    private string Flattened(IElement element) =>
        Whitespace().Replace(string.Join(' ', element.ChildNodes.Select(n => n is IElement e && !Inline.Contains(e.LocalName) ? Flattened(e) : InlineMarkdown([n]))), " ").Trim();

    private string InlineMarkdown(IEnumerable<INode> nodes)
    {
        var pieces = new List<Piece>();
        foreach (var node in nodes) Collect(node, new Piece("", false, false, false, false, null), pieces);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < pieces.Count;)
        {
            var piece = pieces[i];
            var merged = new System.Text.StringBuilder(piece.Text);
            for (i++; i < pieces.Count && pieces[i] with { Text = "" } == piece with { Text = "" }; i++) merged.Append(pieces[i].Text);
            text.Append(MarkdownBlocks.Format(merged.ToString(), piece.Bold, piece.Italic, piece.Strike, piece.Code, piece.Link));
        }
        return Whitespace().Replace(text.ToString(), " ");
    }

    private sealed record Piece(string Text, bool Bold, bool Italic, bool Strike, bool Code, string? Link);

    private void Collect(INode node, Piece style, List<Piece> pieces)
    {
        if (node is IText text)
        {
            pieces.Add(style with { Text = Whitespace().Replace(text.Data, " ") });
            return;
        }
        if (node is not IElement element || Skipped.Contains(element.LocalName)) return;
        switch (element.LocalName)
        {
            case "br":
                pieces.Add(style with { Text = " " });
                return;
            case "img":
                var alt = element.GetAttribute("alt") is { Length: > 0 } a ? a : Path.GetFileName(element.GetAttribute("src") ?? "") is { Length: > 0 } f ? f : "unnamed";
                NotConverted.Add($"an image ('{alt}')");
                pieces.Add(new Piece($" (image not converted: {alt}) ", false, true, false, false, null));
                return;
        }
        var inner = element.LocalName switch
        {
            "b" or "strong" => style with { Bold = true },
            "i" or "em" or "cite" or "var" => style with { Italic = true },
            "s" or "del" or "strike" => style with { Strike = true },
            "code" or "tt" or "kbd" or "samp" => style with { Code = true },
            "a" when element.GetAttribute("href") is { Length: > 0 } href && !href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) => style with { Link = href },
            _ => style,
        };
        foreach (var child in element.ChildNodes) Collect(child, inner, pieces);
    }

    [GeneratedRegex(@"^h([1-6])$")]
    private static partial Regex HeadingName();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

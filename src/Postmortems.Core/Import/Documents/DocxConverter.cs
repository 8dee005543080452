using System.IO.Packaging;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Postmortems.Core.Import.Documents;

/// <summary>
/// A Word document (.docx, also what Google Docs downloads) as Markdown: headings, bulleted and numbered lists, tables,
/// links, bold, italic, strikethrough and code (a code style or a monospace font). Images, equations, footnotes,
/// comments, page headers and footers are not converted; each is listed with its text, so nothing disappears silently.
/// </summary>
public static partial class DocxConverter
{
    public const string Format = "docx";

    private static readonly HashSet<string> MonospaceFonts = new(StringComparer.OrdinalIgnoreCase)
        { "Courier New", "Courier", "Consolas", "Source Code Pro", "Roboto Mono", "Menlo", "Monaco", "Cascadia Code", "Cascadia Mono", "Lucida Console", "Inconsolata", "Fira Code", "JetBrains Mono", "DejaVu Sans Mono", "Liberation Mono" };

    /// <exception cref="InvalidDataException">The bytes are not a Word document.</exception>
    public static ConvertedDocument Convert(byte[] bytes, string name)
    {
        try
        {
            using var document = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), isEditable: false);
            return new Reader(document).Read();
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or IOException or InvalidOperationException)
        {
            throw new InvalidDataException($"{name}: not a Word document that can be read ({e.Message}). Save it again as .docx (Word, or Google Docs: File, Download, Microsoft Word).", e);
        }
    }

    private sealed class Reader(WordprocessingDocument document)
    {
        private readonly MainDocumentPart _main = document.MainDocumentPart ?? throw new InvalidDataException("the package has no main document part");
        private readonly List<Block> _blocks = [];
        private readonly List<string> _notConverted = [];
        private readonly List<string> _code = [];

        public ConvertedDocument Read()
        {
            string? title = null;
            foreach (var element in _main.Document?.Body?.ChildElements ?? [])
                ReadBlock(element, ref title);
            FlushCode();
            ReportOutsideTheBody();
            var propertiesTitle = document.PackageProperties.Title is { Length: > 0 } t ? t.Trim() : null;
            return new ConvertedDocument(Format, MarkdownBlocks.Write(title, _blocks), _notConverted)
            {
                Title = title is null ? propertiesTitle : null,
                LastModified = document.PackageProperties.Modified is { } modified ? new DateTimeOffset(DateTime.SpecifyKind(modified, DateTimeKind.Utc)) : null,
            };
        }

        private void ReadBlock(OpenXmlElement element, ref string? title)
        {
            switch (element)
            {
                case W.Paragraph paragraph:
                    ReadParagraph(paragraph, ref title);
                    break;
                case W.Table table:
                    FlushCode();
                    var rows = table.Elements<W.TableRow>().Select(r => (IReadOnlyList<string>)r.Elements<W.TableCell>().Select(CellText).ToList()).Where(r => r.Count > 0).ToList();
                    if (rows.Count > 0) _blocks.Add(new Table(rows));
                    break;
                case W.SdtBlock sdt:
                    foreach (var child in sdt.SdtContentBlock?.ChildElements ?? []) ReadBlock(child, ref title);
                    break;
                case W.CustomXmlBlock custom:
                    foreach (var child in custom.ChildElements) ReadBlock(child, ref title);
                    break;
            }
        }

        private void ReadParagraph(W.Paragraph paragraph, ref string? title)
        {
            var style = StyleName(paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value);
            if (IsCode(paragraph, style))
            {
                _code.Add(string.Concat(paragraph.Descendants<W.Text>().Select(t => t.Text)));
                return;
            }
            FlushCode();
            var text = Inline(paragraph).Trim();
            if (text.Length == 0) return;
            if (style is not null && TitleStyle().IsMatch(style) && title is null)
            {
                title = MarkdownBlocks.Plain(text);
                return;
            }
            if (HeadingLevel(paragraph, style) is { } level) _blocks.Add(new Heading(level, text));
            else if (ListKind(paragraph, style) is { } list) _blocks.Add(new ListItem(list.Depth, list.Ordered, text));
            else if (style is not null && QuoteStyle().IsMatch(style)) _blocks.Add(new Quote(text));
            else _blocks.Add(new Paragraph(text));
        }

        private void FlushCode()
        {
            if (_code.Count == 0) return;
            _blocks.Add(new Code(string.Join('\n', _code)));
            _code.Clear();
        }

        private string CellText(W.TableCell cell) =>
            string.Join(" ", cell.Descendants<W.Paragraph>().Where(p => p.Ancestors<W.TableCell>().First() == cell).Select(p => Inline(p).Trim()).Where(t => t.Length > 0));

        /// <summary>A paragraph's runs as inline Markdown, runs with the same formatting and link merged.</summary>
        private string Inline(W.Paragraph paragraph)
        {
            var pieces = new List<(string Text, bool Bold, bool Italic, bool Strike, bool Code, string? Link)>();
            foreach (var run in paragraph.Descendants<W.Run>())
            {
                if (run.Ancestors<W.Paragraph>().First() != paragraph || run.Ancestors<W.DeletedRun>().Any()) continue;
                var properties = run.RunProperties;
                var link = run.Ancestors<W.Hyperlink>().FirstOrDefault() is { } hyperlink ? LinkOf(hyperlink) : null;
                var code = IsMonospace(properties) || StyleName(properties?.RunStyle?.Val?.Value) is { } runStyle && CodeStyle().IsMatch(runStyle);
                pieces.Add((RunText(run), On(properties?.Bold), On(properties?.Italic), On(properties?.Strike), code, link));
            }
            var text = new StringBuilder();
            for (var i = 0; i < pieces.Count;)
            {
                var piece = pieces[i];
                var merged = new StringBuilder(piece.Text);
                for (i++; i < pieces.Count && pieces[i] is var next && (next.Bold, next.Italic, next.Strike, next.Code, next.Link) == (piece.Bold, piece.Italic, piece.Strike, piece.Code, piece.Link); i++)
                    merged.Append(next.Text);
                text.Append(MarkdownBlocks.Format(merged.ToString(), piece.Bold, piece.Italic, piece.Strike, piece.Code, piece.Link));
            }
            return text.ToString();
        }

        private string RunText(W.Run run)
        {
            var text = new StringBuilder();
            foreach (var child in run.ChildElements)
            {
                switch (child)
                {
                    case W.Text t: text.Append(t.Text); break;
                    case W.TabChar: text.Append(' '); break;
                    case W.Break or W.CarriageReturn: text.Append(' '); break;
                    case W.NoBreakHyphen: text.Append('-'); break;
                    case W.Drawing drawing:
                        var properties = drawing.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties>().FirstOrDefault();
                        var alt = properties?.Description?.Value is { Length: > 0 } description ? description : properties?.Name?.Value ?? "unnamed";
                        _notConverted.Add($"an image ('{alt}')");
                        text.Append($" (image not converted: {alt}) ");
                        break;
                    case W.Picture or W.EmbeddedObject:
                        _notConverted.Add("an embedded picture or object");
                        text.Append(" (embedded object not converted) ");
                        break;
                    case W.FootnoteReference or W.EndnoteReference:
                        _notConverted.Add("a footnote reference (footnotes are listed below)");
                        break;
                }
            }
            return text.ToString();
        }

        private string? LinkOf(W.Hyperlink hyperlink)
        {
            if (hyperlink.Id?.Value is { } id)
                return _main.HyperlinkRelationships.FirstOrDefault(r => r.Id == id)?.Uri.ToString();
            return hyperlink.Anchor?.Value is { } anchor ? "#" + anchor : null;
        }

        private void ReportOutsideTheBody()
        {
            foreach (var math in _main.Document?.Body?.Descendants<DocumentFormat.OpenXml.Math.OfficeMath>() ?? [])
                _notConverted.Add($"an equation ('{math.InnerText}')");
            foreach (var (kind, parts) in new (string, IEnumerable<OpenXmlPart?>)[]
                     {
                         ("page header", _main.HeaderParts), ("page footer", _main.FooterParts),
                         ("footnote", [_main.FootnotesPart]), ("endnote", [_main.EndnotesPart]), ("comment", [_main.WordprocessingCommentsPart]),
                     })
            {
                foreach (var part in parts.OfType<OpenXmlPart>())
                {
                    foreach (var paragraph in part.RootElement?.Descendants<W.Paragraph>() ?? [])
                    {
                        var text = string.Concat(paragraph.Descendants<W.Text>().Select(t => t.Text)).Trim();
                        if (text.Length > 0) _notConverted.Add($"{kind}: '{text}'");
                    }
                }
            }
        }

        private string? StyleName(string? styleId)
        {
            if (styleId is null) return null;
            var style = _main.StyleDefinitionsPart?.Styles?.Elements<W.Style>().FirstOrDefault(s => s.StyleId?.Value == styleId);
            return style?.StyleName?.Val?.Value ?? styleId;
        }

        private int? HeadingLevel(W.Paragraph paragraph, string? style)
        {
            if (style is not null && HeadingStyle().Match(style) is { Success: true } heading) return int.Parse(heading.Groups["level"].Value, System.Globalization.CultureInfo.InvariantCulture);
            return paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 9 ? outline + 1 : null;
        }

        private (int Depth, bool Ordered)? ListKind(W.Paragraph paragraph, string? style)
        {
            var numbering = paragraph.ParagraphProperties?.NumberingProperties;
            if (numbering?.NumberingId?.Val?.Value is { } numberingId and not 0)
            {
                var depth = numbering.NumberingLevelReference?.Val?.Value ?? 0;
                return (depth, !IsBullet(numberingId, depth));
            }
            if (style is null) return null;
            if (style.StartsWith("List Bullet", StringComparison.OrdinalIgnoreCase)) return (0, false);
            if (style.StartsWith("List Number", StringComparison.OrdinalIgnoreCase)) return (0, true);
            return null;
        }

        private bool IsBullet(int numberingId, int depth)
        {
            var numbering = _main.NumberingDefinitionsPart?.Numbering;
            var instance = numbering?.Elements<W.NumberingInstance>().FirstOrDefault(n => n.NumberID?.Value == numberingId);
            var abstractId = instance?.AbstractNumId?.Val?.Value;
            var level = numbering?.Elements<W.AbstractNum>().FirstOrDefault(a => a.AbstractNumberId?.Value == abstractId)?
                .Elements<W.Level>().FirstOrDefault(l => l.LevelIndex?.Value == depth);
            return level?.NumberingFormat?.Val?.Value is not { } format || format == W.NumberFormatValues.Bullet;
        }

        private static bool IsCode(W.Paragraph paragraph, string? style) =>
            style is not null && CodeStyle().IsMatch(style) ||
            paragraph.Descendants<W.Run>().Where(r => r.Descendants<W.Text>().Any(t => t.Text.Trim().Length > 0)) is var runs && runs.Any() && runs.All(r => IsMonospace(r.RunProperties)) &&
            paragraph.Descendants<W.Text>().Sum(t => t.Text.Length) > 0 && !paragraph.Descendants<W.Hyperlink>().Any() && paragraph.ParagraphProperties?.NumberingProperties is null &&
            paragraph.Parent is W.Body;

        private static bool IsMonospace(W.RunProperties? properties) =>
            properties?.RunFonts?.Ascii?.Value is { } font && MonospaceFonts.Contains(font);

        private static bool On(W.OnOffType? value) => value is not null && (value.Val is null || value.Val.Value);
    }

    [GeneratedRegex(@"^(heading|überschrift|titre|título)\s*(?<level>[1-6])$", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingStyle();

    [GeneratedRegex(@"^title$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleStyle();

    [GeneratedRegex(@"code|preformatted|source", RegexOptions.IgnoreCase)]
    private static partial Regex CodeStyle();

    [GeneratedRegex(@"quote", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteStyle();
}

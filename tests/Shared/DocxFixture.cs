using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;

namespace Postmortems.Tests;

/// <summary>
/// A postmortem written as Word writes one, built with the Open XML SDK: a Title, Heading 1 sections, bold, italic and
/// monospace runs, a link, bulleted (nested) and numbered lists, a code paragraph, an image, a table of action items,
/// and a page footer.
/// </summary>
public static class DocxFixture
{
    public const string Url = "https://status.example.com/incidents/42";

    public static byte[] Postmortem()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
                Style("Title", "Title"), Style("Heading1", "heading 1"), Style("Heading2", "heading 2"), Style("ListParagraph", "List Paragraph"));
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(
                Abstract(1, NumberFormatValues.Bullet), Abstract(2, NumberFormatValues.Decimal),
                new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 },
                new NumberingInstance(new AbstractNumId { Val = 2 }) { NumberID = 2 });
            var link = main.AddHyperlinkRelationship(new Uri(Url), isExternal: true);
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(new Run(new Text("Confidential, internal only"))));
            document.PackageProperties.Title = "Checkout postmortem";

            main.Document = new Document(new Body(
                Styled("Title", Plain("Checkout outage on 14 March 2025")),
                Styled("Heading1", Plain("Summary")),
                new Paragraph(
                    Formatted("Checkout", bold: true), Plain(" timed out for "), Formatted("forty minutes", italic: true),
                    Plain(" because "), Monospace("POOL_SIZE"), Plain(" was unset; see the "),
                    new Hyperlink(Formatted("status page", style: "Hyperlink")) { Id = link.Id }, Plain(".")),
                Styled("Heading1", Plain("Timeline")),
                Listed(1, 0, Plain("14:02 the p99 latency alert fired")),
                Listed(1, 1, Plain("the on-call engineer acknowledged it")),
                Listed(1, 0, Plain("14:09 rolled back to v411")),
                Styled("Heading1", Plain("Root cause")),
                Listed(2, 0, Plain("The variable was renamed in v412")),
                Listed(2, 0, Plain("Nothing checked that it was set")),
                new Paragraph(Monospace("DB_POOL_SIZE=50")),
                new Paragraph(Monospace("POOL_SIZE=")),
                new Paragraph(new Run(new Drawing(new DW.Inline(
                    new DW.Extent { Cx = 100, Cy = 100 },
                    new DW.DocProperties { Id = 1U, Name = "Picture 1", Description = "p99 latency graph" })))),
                Styled("Heading1", Plain("Action items")),
                new Table(
                    Row("Action", "Owner", "Due", "Status"),
                    Row("Add a load test at the production pool size", "Bob Stone", "2025-04-01", "Open"),
                    Row("Make the pool size a required setting", "carol", "April 15, 2025", "Done")),
                new SectionProperties(new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) })));
        }
        return stream.ToArray();
    }

    private static Style Style(string id, string name) => new(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };

    private static AbstractNum Abstract(int id, NumberFormatValues format) =>
        new(Enumerable.Range(0, 3).Select(level => new Level(new NumberingFormat { Val = format }, new LevelText { Val = format == NumberFormatValues.Bullet ? "•" : $"%{level + 1}." }) { LevelIndex = level }))
        { AbstractNumberId = id };

    private static Paragraph Styled(string style, params OpenXmlElement[] runs) =>
        new(new OpenXmlElement[] { new ParagraphProperties(new ParagraphStyleId { Val = style }) }.Concat(runs));

    private static Paragraph Listed(int numbering, int level, params OpenXmlElement[] runs) =>
        new(new OpenXmlElement[]
        {
            new ParagraphProperties(new ParagraphStyleId { Val = "ListParagraph" },
                new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = numbering })),
        }.Concat(runs));

    private static Run Plain(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static Run Formatted(string text, bool bold = false, bool italic = false, string? style = null)
    {
        var properties = new RunProperties();
        if (style is not null) properties.Append(new RunStyle { Val = style });
        if (bold) properties.Append(new Bold());
        if (italic) properties.Append(new Italic());
        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Run Monospace(string text) =>
        new(new RunProperties(new RunFonts { Ascii = "Courier New", HighAnsi = "Courier New" }), new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static TableRow Row(params string[] cells) => new(cells.Select(c => new TableCell(new Paragraph(Plain(c)))));
}

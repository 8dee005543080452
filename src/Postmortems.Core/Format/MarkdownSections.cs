using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;

namespace Postmortems.Core.Format;

/// <summary>Splits a Markdown body into its <c>##</c> sections (headings inside code blocks or quotes are not sections).</summary>
internal static partial class MarkdownSections
{
    public static (string Preamble, IReadOnlyList<IncidentSection> Sections) Read(string text, int bodyStart, LineIndex lines)
    {
        var markdown = Markdown.Parse(text, MarkdownPipelines.Incident);
        var headings = markdown.OfType<HeadingBlock>().Where(h => h.Level == 2 && h.Span.Start >= bodyStart).ToList();

        var preambleEnd = headings.Count > 0 ? headings[0].Span.Start : text.Length;
        var preamble = Normalize(text[bodyStart..preambleEnd]);

        var sections = new List<IncidentSection>();
        for (var i = 0; i < headings.Count; i++)
        {
            var heading = headings[i];
            var headingLine = lines.LineOf(heading.Span.Start);
            var contentLine = headingLine + (heading.IsSetext ? 2 : 1);
            var contentStart = contentLine <= lines.LineCount ? lines.StartOf(contentLine) : text.Length;
            var end = i + 1 < headings.Count ? headings[i + 1].Span.Start : text.Length;
            var content = contentStart < end ? text[contentStart..end] : "";
            sections.Add(new IncidentSection(HeadingTitle(text, heading), Normalize(content), headingLine));
        }
        return (preamble, sections);
    }

    private static string HeadingTitle(string text, HeadingBlock heading)
    {
        var lineEnd = text.IndexOf('\n', heading.Span.Start);
        var line = text[heading.Span.Start..(lineEnd < 0 ? text.Length : lineEnd)].Trim();
        return heading.IsSetext ? line : ClosingHashes().Replace(line.TrimStart('#'), "").Trim();
    }

    /// <summary>LF line ends, no blank lines around.</summary>
    public static string Normalize(string markdown) =>
        markdown.Replace("\r\n", "\n").Trim('\n').TrimEnd();

    [GeneratedRegex(@"\s+#+\s*$|^#+\s*$")]
    private static partial Regex ClosingHashes();
}

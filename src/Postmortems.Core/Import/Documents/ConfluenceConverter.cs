using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Postmortems.Core.Format;
using Postmortems.Core.Import.Chat;

namespace Postmortems.Core.Import.Documents;

/// <summary>One page of a Confluence export and what it became; <see cref="NotAPostmortem"/> says why a page was left out.</summary>
public sealed record ConfluencePage(string Path, byte[] Bytes, ConvertedDocument? Converted, string? NotAPostmortem);

/// <summary>
/// A Confluence space's HTML export (the zip of pages with index.html, or its folder) as Markdown: the page's title,
/// its last-modified date and its content. Pages that are postmortems are recognised by a label (postmortem,
/// incident, ...) or by at least two postmortem headings (Impact, Timeline, Root cause, Action items, ...); other
/// pages are left out with the reason. Attachments are not imported: each page lists its own.
/// </summary>
public static partial class ConfluenceConverter
{
    public const string Format = "confluence";

    /// <summary>The sections that tell a postmortem from meeting notes or a how-to (a summary or action items alone do not).</summary>
    private static readonly HashSet<string> PostmortemSections =
        [StandardSections.Impact, StandardSections.Timeline, StandardSections.RootCause, StandardSections.HowItGotThrough,
         StandardSections.Detection, StandardSections.Resolution, StandardSections.ActionItems, StandardSections.LessonsLearned];

    /// <summary>True when the zip (or folder) has a Confluence export's index.html.</summary>
    public static bool IsExport(ExportFiles files) => files.RootOf("index.html") is { } root && IsConfluence(files.ReadAllBytes(root + "index.html"));

    /// <summary>Every page of the export (index.html and attachments aside), converted or with the reason it is not a postmortem.</summary>
    public static IEnumerable<ConfluencePage> Pages(ExportFiles files)
    {
        var root = files.RootOf("index.html") ?? "";
        foreach (var path in files.Paths().Where(p => p.StartsWith(root, StringComparison.Ordinal) && !p[root.Length..].Contains('/') &&
                                                      p.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && p != root + "index.html"))
        {
            var bytes = files.ReadAllBytes(path);
            var page = ConvertPage(Encoding.UTF8.GetString(bytes), path, out var notAPostmortem);
            yield return new ConfluencePage(path[root.Length..], bytes, page, notAPostmortem);
        }
    }

    /// <summary>One exported page; null, with the reason, when the page is not a postmortem.</summary>
    public static ConvertedDocument? ConvertPage(string html, string name, out string? notAPostmortem)
    {
        var document = new HtmlParser().ParseDocument(html);
        var content = document.QuerySelector("#main-content") ?? document.Body ?? throw new InvalidDataException($"{name}: an HTML page without a body.");
        var title = PageTitle(document) ?? System.IO.Path.GetFileNameWithoutExtension(name);
        var labels = document.QuerySelectorAll(".labels a, .label-list a, a.aui-label, .labels-content a, #labels-section a")
            .Select(a => a.TextContent.Trim()).Concat((document.QuerySelector("meta[name=keywords]")?.GetAttribute("content") ?? "").Split(','))
            .Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

        var headings = content.QuerySelectorAll("h1, h2, h3, h4").Select(h => SectionNames.StandardFor(h.TextContent)).Where(s => s is not null && PostmortemSections.Contains(s)).Distinct().ToList();
        var label = labels.FirstOrDefault(l => PostmortemLabel().IsMatch(l));
        if (label is null && headings.Count < 2)
        {
            notAPostmortem = $"a Confluence page that is not a postmortem: no postmortem label and {headings.Count} postmortem heading(s) (Impact, Timeline, Root cause, Action items, ...)";
            return null;
        }
        notAPostmortem = null;

        var converter = new HtmlToMarkdown();
        var blocks = converter.Convert(content);
        var notConverted = converter.NotConverted;
        foreach (var attachment in document.QuerySelectorAll("#attachments ~ * a, .pageSection .greybox a").Select(a => a.TextContent.Trim()).Where(a => a.Length > 0).Distinct())
            notConverted.Add($"the attachment '{attachment}' (attachments are not imported)");
        return new ConvertedDocument(Format, MarkdownBlocks.Write(title, blocks), notConverted) { LastModified = LastModified(document) };
    }

    private static bool IsConfluence(byte[] index)
    {
        var text = Encoding.UTF8.GetString(index);
        return text.Contains("Confluence", StringComparison.OrdinalIgnoreCase) || text.Contains("id=\"main-content\"", StringComparison.Ordinal);
    }

    /// <summary>The page's own title: the export writes "Space name : Page title".</summary>
    private static string? PageTitle(IDocument document)
    {
        var text = document.QuerySelector("#title-text")?.TextContent ?? document.Title;
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = Whitespace().Replace(text, " ").Trim();
        var separator = text.IndexOf(" : ", StringComparison.Ordinal);
        return separator >= 0 ? text[(separator + 3)..].Trim() : text;
    }

    private static DateTimeOffset? LastModified(IDocument document)
    {
        var metadata = LastModifiedText().Match(Whitespace().Replace(document.QuerySelector(".page-metadata")?.TextContent ?? "", " ").Trim());
        var text = document.QuerySelector(".page-metadata .last-modified")?.TextContent ?? (metadata.Success ? metadata.Groups["date"].Value : null);
        return text is null ? null : TextDates.First(text)?.Date;
    }

    [GeneratedRegex(@"^(post-?mortems?|incidents?|incident-reports?|retros?|retrospectives?|pir|rca|outages?)$", RegexOptions.IgnoreCase)]
    private static partial Regex PostmortemLabel();

    [GeneratedRegex(@"last (?:modified|updated)(?: by .+?)? on (?<date>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex LastModifiedText();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

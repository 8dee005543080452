using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Postmortems.Core.Format;

namespace Postmortems.Core.Rendering;

/// <summary>
/// Turns an incident's Markdown into HTML that is safe to put on a page: rendered with the one incident pipeline,
/// then cleaned by an allow-list sanitizer. Only what this class returns may reach a page as markup.
/// Thread-safe: build one and share it (the sanitizer is configured once, in the constructor, and never changed).
/// </summary>
public sealed partial class MarkdownRenderer
{
    private static readonly string[] Tags =
    [
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "var",
        "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "sub", "sup", "small", "abbr", "span", "div",
        "ul", "ol", "li", "dl", "dt", "dd", "input",
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
        "a", "img",
    ];

    // No event handlers, no style-sheet tricks beyond table alignment, no URL-bearing attribute but href and src.
    private static readonly string[] Attributes =
    [
        "id", "class", "title", "href", "src", "alt", "width", "height", "start", "reversed",
        "colspan", "rowspan", "align", "style", "type", "checked", "disabled",
    ];

    // Task lists (contains-task-list, task-list-item, task-list-item-checkbox) and footnotes.
    private static readonly string[] Classes =
    [
        "contains-task-list", "task-list-item", "task-list-item-checkbox",
        "footnotes", "footnote-ref", "footnote-back-ref",
    ];

    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
            AllowedClasses = new HashSet<string>(Classes, StringComparer.Ordinal),
            AllowedCssProperties = new HashSet<string>(["text-align"], StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
            UriListAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        })
        {
            KeepChildNodes = true,
        };
        _sanitizer.RemovingCssClass += (_, e) =>
        {
            // Fenced code keeps its language (class="language-csharp"), for highlighting later.
            if (LanguageClass().IsMatch(e.CssClass)) e.Cancel = true;
        };
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element) return;
            switch (element.LocalName)
            {
                case "input":
                    // Only the read-only checkbox of a task-list item is an input here.
                    if (!string.Equals(element.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase))
                    {
                        e.ReplacementNodes.Add(element.Owner!.CreateTextNode(""));
                        return;
                    }
                    element.SetAttribute("disabled", "disabled");
                    break;
                case "a" when element.GetAttribute("href") is { } href && href.Contains("://", StringComparison.Ordinal):
                    element.SetAttribute("rel", "nofollow noopener noreferrer");
                    break;
            }
        };
    }

    /// <summary>
    /// The incident's body as sanitized HTML; the YAML front matter is not part of it. A text over
    /// <see cref="MarkdownLimits"/> is not rendered: the answer is a paragraph that says why.
    /// </summary>
    public string ToSafeHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = markdown.TrimStart('\uFEFF');
        if (MarkdownLimits.Check(text, "") is { } refusal) return NotRendered(refusal.Message);
        // Raw HTML is escaped, so a Vale switch comment (docs/style.md) would show as text: it is for the checker, not the reader.
        text = ValeSwitchLine().Replace(text, "");
        string html;
        try
        {
            html = Markdown.ToHtml(text, MarkdownPipelines.Incident);
        }
        catch (ArgumentException e) when (e.Message.Contains("too deeply nested", StringComparison.Ordinal))
        {
            return NotRendered("The Markdown nests emphasis, links or blocks too deeply to be shown");
        }
        return _sanitizer.Sanitize(html);
    }

    private static string NotRendered(string reason) =>
        $"<p class=\"not-rendered\">Not shown: {WebUtility.HtmlEncode(reason)}.</p>";

    [GeneratedRegex(@"^[ \t]*<!--\s*vale\s[^\n]*?-->[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ValeSwitchLine();

    [GeneratedRegex("^language-[A-Za-z0-9_+#-]{1,40}$")]
    private static partial Regex LanguageClass();
}

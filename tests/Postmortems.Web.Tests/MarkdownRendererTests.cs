using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Postmortems.Core.Rendering;

namespace Postmortems.Web.Tests;

public sealed class MarkdownRendererTests
{
    private static readonly MarkdownRenderer Renderer = new();

    private static IDocument Render(string markdown, out string html)
    {
        html = Renderer.ToSafeHtml(markdown);
        return new HtmlParser().ParseDocument($"<body>{html}</body>");
    }

    private static IEnumerable<IElement> Elements(IDocument document) => document.Body!.QuerySelectorAll("*");

    /// <summary>What an attacker needs: a script, an event handler, or a link or source that runs code.</summary>
    private static void AssertInert(IDocument document)
    {
        Assert.Empty(document.QuerySelectorAll("script, iframe, object, embed, svg, math, style, link, meta, base, form, button"));
        foreach (var element in Elements(document))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"<{element.LocalName} {attribute.Name}> survived");
                if (attribute.Name is "href" or "src")
                {
                    var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
                    Assert.False(value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"{attribute.Name}={attribute.Value} survived");
                    Assert.False(value.StartsWith("data:", StringComparison.OrdinalIgnoreCase), $"{attribute.Name}={attribute.Value} survived");
                    Assert.False(value.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase), $"{attribute.Name}={attribute.Value} survived");
                }
            }
        }
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Text <script>alert(1)</script> inline")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<svg><script>alert(1)</script></svg>")]
    [InlineData("<object data=\"x.swf\"></object>")]
    [InlineData("## Heading {onclick=\"alert(1)\"}\n\nPara {#id onmouseover=\"alert(1)\"}")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JaVaScRiPt:alert(1))")]
    [InlineData("[x](&#106;avascript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[x](vbscript:msgbox(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)")]
    [InlineData("[ref]\n\n[ref]: javascript:alert(1)")]
    public void Dangerous_input_comes_out_inert(string markdown)
    {
        var document = Render(markdown, out var html);

        AssertInert(document);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Raw_html_is_shown_as_text_not_dropped()
    {
        var document = Render("Do not write <script>alert(1)</script> here", out _);

        Assert.Contains("<script>alert(1)</script>", document.Body!.TextContent);
        Assert.Empty(document.QuerySelectorAll("script"));
    }

    [Fact]
    public void Safe_links_and_images_are_kept()
    {
        var document = Render("[runbook](https://runbooks.example/pool) and [local](/incidents/x) ![graph](https://img.example/p99.png)", out _);

        var links = document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["https://runbooks.example/pool", "/incidents/x"], links);
        Assert.Equal("nofollow noopener noreferrer", document.QuerySelector("a[href^='https']")!.GetAttribute("rel"));
        Assert.Equal("https://img.example/p99.png", document.QuerySelector("img")!.GetAttribute("src"));
    }

    [Fact]
    public void Headings_keep_their_ids()
    {
        var document = Render("## Root cause\n\ntext\n\n## How it got through\n", out _);

        Assert.Equal(["root-cause", "how-it-got-through"], document.QuerySelectorAll("h2").Select(h => h.Id).ToList());
    }

    [Fact]
    public void Task_lists_keep_their_classes_and_read_only_checkboxes()
    {
        var document = Render("## Action items\n\n- [x] Make pool size required @carol\n- [ ] Add a load test @bob due:2025-04-01\n", out _);

        var list = Assert.Single(document.QuerySelectorAll("ul"));
        Assert.Contains("contains-task-list", list.ClassList);
        var items = document.QuerySelectorAll("li.task-list-item");
        Assert.Equal(2, items.Length);
        var boxes = document.QuerySelectorAll("input").ToList();
        Assert.Equal(2, boxes.Count);
        Assert.All(boxes, box =>
        {
            Assert.Equal("checkbox", box.GetAttribute("type"));
            Assert.True(box.HasAttribute("disabled"));
        });
        Assert.True(boxes[0].HasAttribute("checked"));
        Assert.False(boxes[1].HasAttribute("checked"));
    }

    [Fact]
    public void Fenced_code_keeps_its_language_class_and_nothing_else()
    {
        var document = Render("```csharp\nvar x = 1;\n```\n", out _);

        Assert.Equal("language-csharp", document.QuerySelector("pre code")!.ClassName);
    }

    [Fact]
    public void Front_matter_does_not_render()
    {
        var document = Render("---\nid: a\ntitle: Pool exhaustion\nseverity: sev2\n---\n\n## Summary\n\nIt broke.\n", out var html);

        Assert.Empty(document.QuerySelectorAll("hr"));
        Assert.DoesNotContain("severity", html);
        Assert.DoesNotContain("Pool exhaustion", html);
        Assert.Equal("summary", document.QuerySelector("h2")!.Id);
    }

    [Fact]
    public void Every_seed_incident_renders_without_its_front_matter()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepositoryContent.Directory, "incidents"), "*.md").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var document = Render(File.ReadAllText(file), out var html);
            Assert.False(document.Body!.FirstElementChild?.LocalName == "hr", $"{file}: front matter rendered as <hr>");
            Assert.DoesNotContain("severity:", html);
            Assert.NotEmpty(document.QuerySelectorAll("h2[id]"));
            AssertInert(document);
        }
    }
}

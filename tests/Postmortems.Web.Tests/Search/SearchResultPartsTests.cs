using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Postmortems.Core.Format;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Tests;
using Postmortems.Web.Components.Pages.Incidents;
using Postmortems.Web.Components.Pages.Search;

namespace Postmortems.Web.Tests.Search;

/// <summary>A result's snippet (HTML-safe whatever the incident says) and the incident page's "Similar incidents" card.</summary>
public sealed class SearchResultPartsTests : BunitContext, IAsyncLifetime, IClassFixture<SeededSearch>
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private readonly SeededSearch _seeded;

    public SearchResultPartsTests(SeededSearch seeded)
    {
        _seeded = seeded;
        Services.AddMudServices();
        Services.AddSingleton(SeededSearch.Taxonomy);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Snippet_html_encodes_the_text_and_adds_only_marks()
    {
        const string snippet = "Root cause: <script>alert('x')</script> & <b onclick=\"x()\">pool</b> timeout";
        var hit = new SearchHit("an-id", "A <i>title</i>", null, null, "sev2", "published", 1f, "Root cause", snippet,
            [new Highlight(snippet.IndexOf("pool", StringComparison.Ordinal), 4), new Highlight(snippet.IndexOf("timeout", StringComparison.Ordinal), 7)]);

        Assert.Equal(
            "Root cause: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b onclick=&quot;x()&quot;&gt;<mark>pool</mark>&lt;/b&gt; <mark>timeout</mark>",
            hit.SnippetHtml());

        var view = Render<SearchHitView>(p => p.Add(c => c.Hit, hit));

        var rendered = view.Find(".hit-snippet");
        Assert.Equal(["SPAN", "MARK", "MARK"], rendered.QuerySelectorAll("*").Select(e => e.TagName));
        Assert.Equal("Root cause:", rendered.QuerySelector(".hit-section")!.TextContent);
        Assert.Equal(snippet, rendered.TextContent);
        Assert.Equal("A <i>title</i>", view.Find(".hit-title a").TextContent);
        Assert.Empty(view.FindAll("script, b, i"));
    }

    [Fact]
    public void A_hit_says_which_words_it_has_where_and_whether_it_is_a_partial_match()
    {
        var hit = new SearchHit("an-id", "Pool exhausted", null, null, "sev2", "published", 1f, "Root cause", "Root cause: pool", [])
        {
            Matched = [new MatchedWord("pool", ["Title", "Root cause"]), new MatchedWord("<b>x</b>", ["Text"])],
            Partial = true,
        };

        var view = Render<SearchHitView>(p => p.Add(c => c.Hit, hit));

        Assert.Equal("partial match", view.Find(".hit-partial").TextContent);
        var words = view.FindAll(".matched-word");
        Assert.Equal(["pool", "<b>x</b>"], words.Select(w => w.QuerySelector("b")!.TextContent));
        Assert.Equal("Title, Root cause", words[0].QuerySelector(".matched-where")!.TextContent);
        Assert.Empty(view.FindAll(".matched-word b b"));

        var full = Render<SearchHitView>(p => p.Add(c => c.Hit, hit with { Partial = false }));
        Assert.Empty(full.FindAll(".hit-partial"));
    }

    [Fact]
    public void Markup_in_an_incident_reaches_a_result_as_text()
    {
        using var data = new TempDirectory();
        using var store = new IncidentStore(data.Path, "snippet test");
        store.Save(IncidentDocument.Parse("""
            ---
            id: 2025-01-01-markup
            title: Pool <img src=x onerror=alert(1)> exhausted
            date: 2025-01-01
            severity: sev2
            status: draft
            ---

            ## Root cause

            The pool <script>alert(1)</script> timed out because <a href="javascript:alert(1)">the limit</a> was 5.

            """, "incident.md"), "alice");
        using var index = new IncidentIndex(store, SeededSearch.Taxonomy);
        var hit = index.Search("pool limit").Hits.Single();

        var view = Render<SearchHitView>(p => p.Add(c => c.Hit, hit));

        Assert.Empty(view.FindAll("img, script, a[href^=javascript]"));
        Assert.Contains("<script>alert(1)</script>", view.Find(".hit-snippet").TextContent);
        Assert.NotEmpty(view.FindAll(".hit-snippet mark"));
        Assert.Equal("Pool <img src=x onerror=alert(1)> exhausted", view.Find(".hit-title a").TextContent);
    }

    [Fact]
    public void The_similar_card_lists_the_five_most_similar_incidents_with_their_shared_gaps_as_links()
    {
        Services.AddSingleton(_seeded.Index);
        var expected = _seeded.Index.Similar(SeededSearch.DnsIncident, SimilarCard.Count);

        var card = Render<SimilarCard>(p => p.Add(c => c.IncidentId, SeededSearch.DnsIncident));

        var items = card.FindAll(".similar-item");
        Assert.Equal(5, items.Count);
        Assert.Equal(expected.Select(s => s.Id), items.Select(i => i.GetAttribute("data-id")));
        for (var i = 0; i < items.Count; i++)
        {
            var title = items[i].QuerySelector("a.similar-title")!;
            Assert.Equal(expected[i].Title, title.TextContent);
            Assert.Equal($"incidents/{expected[i].Id}", title.GetAttribute("href"));
            Assert.Equal(expected[i].SharedGaps.Select(g => $"gaps/{g}"), items[i].QuerySelectorAll("a.gap-link").Select(a => a.GetAttribute("href")));
        }
        Assert.Contains(items, i => i.QuerySelectorAll("a.gap-link").Length > 0);
        Assert.DoesNotContain(SeededSearch.DnsIncident, items.Select(i => i.GetAttribute("data-id")));
    }

    [Fact]
    public void The_similar_card_says_so_when_no_incident_is_alike()
    {
        using var data = new TempDirectory();
        using var store = new IncidentStore(data.Path, "similar test");
        store.Save(IncidentDocument.Parse("---\nid: only-one\ntitle: The only incident\ndate: 2025-01-01\nseverity: sev3\nstatus: draft\n---\n", "only-one.md"), "alice");
        using var index = new IncidentIndex(store, SeededSearch.Taxonomy);
        Services.AddSingleton(index);

        var card = Render<SimilarCard>(p => p.Add(c => c.IncidentId, "only-one"));

        Assert.Empty(card.FindAll(".similar-item"));
        Assert.Contains("No other incident is like this one yet.", card.Markup);
    }
}

using System.Net;
using AngleSharp.Html.Parser;
using Postmortems.Core.Format;

namespace Postmortems.Web.Tests.Layout;

/// <summary>What every page carries, as served before any script runs: the favicon, the top bar's search form, the menu button.</summary>
public sealed class TopBarHttpTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private const string DnsIncident = "2025-04-15-dns-cutover-24h-ttl-dead-vip";

    public static TheoryData<string> Pages => ["/", "/gaps", "/retro", "/actions", "/incidents", "/design-check", $"/incidents/{DnsIncident}"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_has_a_search_form_to_the_search_page_a_menu_button_and_a_favicon(string path)
    {
        using var client = factory.CreateClient();

        var document = new HtmlParser().ParseDocument(await client.GetStringAsync(path));

        var form = document.QuerySelector("header form[role=search]");
        Assert.NotNull(form);
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("", form.GetAttribute("action")); // the base address, "/": the search page
        Assert.Equal("q", form.QuerySelector("input#top-search")?.GetAttribute("name"));
        Assert.NotNull(document.QuerySelector("header [data-testid=menu-button][aria-label=Menu]"));
        Assert.Contains(document.QuerySelectorAll("link[rel=icon]"), link => link.GetAttribute("href")!.StartsWith("favicon", StringComparison.Ordinal));
        Assert.Contains(document.QuerySelectorAll("script[src]"), script => script.GetAttribute("src")!.StartsWith("js/shortcuts", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/favicon.ico", "image/x-icon")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task The_favicon_is_served_to_anyone(string path, string contentType)
    {
        using var client = factory.CreateClient();
        // From another machine, where anonymous reading is off by default: a browser asks for the icon before signing in.
        client.DefaultRequestHeaders.Add(TestUsers.ClientAddressHeader, "203.0.113.9");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task The_incident_page_shows_action_items_in_the_card_only()
    {
        var incident = RepositoryContent.Incidents.Single(i => i.Id == DnsIncident);
        Assert.NotEmpty(incident.ActionItems);
        using var client = factory.CreateClient();

        var document = new HtmlParser().ParseDocument(await client.GetStringAsync($"/incidents/{DnsIncident}"));

        var body = document.QuerySelector("article.incident-body")!;
        Assert.Contains(body.QuerySelectorAll("h2"), h => h.TextContent == StandardSections.Summary);
        Assert.DoesNotContain(body.QuerySelectorAll("h2"), h => h.TextContent == StandardSections.ActionItems);
        Assert.Empty(body.QuerySelectorAll("li.task-list-item"));
        Assert.Contains(body.QuerySelectorAll("h2"), h => h.TextContent == StandardSections.LessonsLearned); // what follows the section stays
        Assert.Equal(incident.ActionItems.Count, document.QuerySelectorAll(".action-items-card li").Length);
    }
}

using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Tests.Style;

/// <summary>The incident page's blameless-wording card: for the people who may write, with what remains in a published incident.</summary>
public sealed class StyleReviewHttpTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private string PublishedWithHumanError()
    {
        var seed = RepositoryContent.Incidents.Where(i => i.Status == IncidentStatus.Published).OrderBy(i => i.Id, StringComparer.Ordinal).Last();
        var store = factory.Services.GetRequiredService<IncidentStore>();
        var original = store.Get(seed.Id!)!.Markdown;
        if (!original.Contains("It was human error.", StringComparison.Ordinal))
            store.Save(IncidentDocument.Parse(original.Replace("## Summary\n\n", "## Summary\n\nIt was human error. "), $"{seed.Id}.md"), "dana");
        return seed.Id!;
    }

    [Fact]
    public async Task An_author_sees_the_findings_that_remain_in_a_published_incident()
    {
        var id = PublishedWithHumanError();
        using var client = factory.CreateClientAs("author");

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/incidents/{id}"));

        var card = page.QuerySelector("[data-testid=style-review]");
        Assert.NotNull(card);
        Assert.Contains("1 blameless-wording hint left in this published incident: worth a look, they do not block publishing.", card.TextContent);
        var finding = Assert.Single(card.QuerySelectorAll("li.style-finding"));
        Assert.Equal("Blameless.HumanError", finding.GetAttribute("data-rule"));
    }

    [Fact]
    public async Task A_reader_does_not_see_the_card()
    {
        var id = PublishedWithHumanError();
        using var client = factory.CreateClient();

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/incidents/{id}"));

        Assert.NotNull(page.QuerySelector(".incident-body"));
        Assert.Null(page.QuerySelector("[data-testid=style-review]"));
    }
}

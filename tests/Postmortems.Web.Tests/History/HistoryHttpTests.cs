using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Tests.History;

public sealed class HistoryHttpTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    [Fact]
    public async Task The_incident_page_has_a_history_card_and_the_history_page_shows_a_saved_edit()
    {
        var seed = RepositoryContent.Incidents.OrderBy(i => i.Id, StringComparer.Ordinal).First();
        var store = factory.Services.GetRequiredService<IncidentStore>();
        var original = store.Get(seed.Id!)!.Markdown;
        store.Save(IncidentDocument.Parse(original.Replace("## Summary", "## Summary\n\nA line added <b>in the test</b>."), $"{seed.Id}.md"), "dana");
        using var client = factory.CreateClient();

        var incident = new HtmlParser().ParseDocument(await client.GetStringAsync($"/incidents/{seed.Id}"));
        using var response = await client.GetAsync($"/incidents/{seed.Id}/history");
        var history = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

        var revisions = incident.QuerySelectorAll(".history-card li.revision").ToList();
        Assert.Equal(["2", "1"], revisions.Select(r => r.GetAttribute("data-revision")));
        Assert.Contains("dana", revisions[0].TextContent);
        Assert.Equal($"incidents/{seed.Id}/history?from=1&to=2", revisions[0].QuerySelector("a")!.GetAttribute("href"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("From r1 to r2", history.QuerySelector("[data-testid=diff-title]")!.TextContent.Trim());
        Assert.Contains("A line added <b>in the test</b>.", history.QuerySelectorAll("tr.diff-added .diff-text").Select(t => t.TextContent));
        Assert.Empty(history.QuerySelectorAll(".diff-text b"));
    }

    [Fact]
    public async Task An_incident_never_saved_has_a_404_history()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/incidents/no-such-incident/history");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No history for an incident with id no-such-incident", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}

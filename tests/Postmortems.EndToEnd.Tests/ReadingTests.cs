using Microsoft.Playwright;
using Postmortems.Core.Format;
using Postmortems.Tests;

namespace Postmortems.EndToEnd.Tests;

public sealed class ReadingTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task The_list_leads_to_a_rendered_incident()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var newest = TestPaths.SeedIncidentFiles()
            .Select(f => IncidentDocument.Parse(File.ReadAllText(f)).Incident)
            .OrderByDescending(i => i.Date).ThenBy(i => i.Id, StringComparer.Ordinal)
            .First();
        var page = await browser.NewPageAsync();

        await BrowserFixture.GotoInteractiveAsync(page, "");
        await BrowserFixture.ScreenshotAsync(page, "01-list");
        await page.GetByRole(AriaRole.Link, new() { Name = newest.Title! }).First.ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{newest.Id}");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Summary" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "02-incident");

        Assert.Equal(newest.Title, (await page.Locator("h1").First.InnerTextAsync()).Trim());
        Assert.Empty(browser.PageErrors);
    }
}

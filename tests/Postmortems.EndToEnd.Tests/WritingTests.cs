using Microsoft.Playwright;
using Postmortems.Core.Accounts;
using Postmortems.Core.Format;
using Postmortems.Tests;

namespace Postmortems.EndToEnd.Tests;

/// <summary>The path through the app in a real browser: search, read, edit, find the edit, break the front matter, reload.</summary>
public sealed class WritingTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string DnsIncident = "2025-04-15-dns-cutover-24h-ttl-dead-vip";
    private const string UniqueWord = "zebrafishcanary";

    [SkippableFact]
    public async Task Search_open_edit_find_the_edit_then_break_the_front_matter_and_lose_nothing_on_reload()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var title = IncidentDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.ContentIncidents, DnsIncident + ".md"))).Incident.Title!;
        var page = await browser.NewPageAsync();

        // Anonymous on this machine: reading works, writing asks for sign-in.
        await BrowserFixture.GotoInteractiveAsync(page, $"incidents/{DnsIncident}");
        await page.Locator("[data-testid=edit-incident-disabled]").WaitForAsync();
        await page.GotoAsync($"incidents/{DnsIncident}/edit");
        await page.WaitForURLAsync("**/signin?ReturnUrl=*");
        await BrowserFixture.ScreenshotAsync(page, "00-signin");
        await browser.SignInAsync(page, Role.Author);

        await BrowserFixture.GotoInteractiveAsync(page, "");
        await page.Locator("input[aria-label='Search incidents']").FillAsync("dns ttl");
        var hit = page.GetByRole(AriaRole.Link, new() { Name = title });
        await hit.First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "03-search");

        await hit.First.ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{DnsIncident}");
        await page.Locator("[data-circuit=ready]").WaitForAsync();
        await page.Locator("[data-testid=edit-incident]").ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{DnsIncident}/edit");
        await page.Locator(".incident-editor[data-interactive=true]").WaitForAsync();
        var editor = page.Locator("#incident-markdown");
        var original = await editor.InputValueAsync();
        await editor.FillAsync(original.Replace("## Impact", $"We also saw a {UniqueWord} in the resolver logs.\n\n## Impact"));
        await BrowserFixture.ScreenshotAsync(page, "04-editor");
        await page.Locator("[data-testid=publish]").ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{DnsIncident}");
        await page.GetByText(UniqueWord).First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "05-saved");

        await BrowserFixture.GotoInteractiveAsync(page, $"?q={UniqueWord}");
        await page.GetByRole(AriaRole.Link, new() { Name = title }).First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "06-found");

        await BrowserFixture.GotoInteractiveAsync(page, $"incidents/{DnsIncident}/edit");
        await page.Locator(".incident-editor[data-interactive=true]").WaitForAsync();
        var saved = await editor.InputValueAsync();
        var broken = saved.Replace("severity: sev2", "severity: [sev2");
        await editor.FillAsync(broken);
        var problem = page.Locator("li.problem", new() { HasText = "not valid YAML" });
        await problem.First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "07-invalid");

        await page.ReloadAsync();
        await page.Locator(".incident-editor[data-interactive=true]").WaitForAsync();
        await page.Locator("[data-testid=restored-draft]").WaitForAsync();
        await problem.First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "08-restored");

        Assert.Equal(broken, await editor.InputValueAsync());
        Assert.Contains(UniqueWord, saved);
        Assert.Empty(browser.PageErrors);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Postmortems.Core.Accounts;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.EndToEnd.Tests;

/// <summary>The path: a Slack export uploaded on the new-postmortem page, then its draft in the editor.</summary>
public sealed class ChatDraftUploadTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task A_slack_export_uploaded_on_the_new_postmortem_page_opens_as_a_draft_in_the_editor()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        using var temp = new TempDirectory();
        var zip = SlackExports.Incident().WriteZip(temp.Combine("slack-export.zip"));
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, Role.Author);

        await BrowserFixture.GotoInteractiveAsync(page, "incidents/new");
        await page.Locator(".incident-editor[data-interactive=true]").WaitForAsync();
        await page.Locator("[data-testid=chat-export-file]").SetInputFilesAsync(zip);
        // Two channels in the export: the page asks which one is the incident's.
        await page.Locator("[data-testid=draft-channel]", new() { HasText = "#general" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "chat-01-channels");
        await page.Locator("[data-testid=draft-channel]", new() { HasText = "#inc-checkout" }).ClickAsync();

        await page.WaitForURLAsync("**/incidents/2025-03-14-inc-checkout*/edit");
        // The page component stays and swaps its editor: wait for the draft's own id, not for an editor (the new
        // postmortem's template, still there for a moment, is a draft too).
        await page.WaitForFunctionAsync("() => document.querySelector('#incident-markdown')?.value.includes('id: 2025-03-14-inc-checkout')");
        var text = await page.Locator("#incident-markdown").InputValueAsync();
        await BrowserFixture.ScreenshotAsync(page, "chat-02-draft-in-editor");

        var id = page.Url.Split("/incidents/")[1].Split('/')[0];
        Assert.Equal(IncidentStatus.Draft, IncidentDocument.Parse(browser.Services.GetRequiredService<IncidentStore>().Get(id)!.Markdown).Incident.Status);
        Assert.Contains("status: draft", text);
        Assert.Contains("- 14:09 (UTC) alice: Rolling back to v411 now :rewind: *(key moment: rolled back)*", text);
        Assert.Contains("  - 14:05 (UTC) carol.w: @Bob Stone the pool size variable was renamed in v412", text);
        Assert.DoesNotContain("Standup moved", text);
        Assert.Empty(browser.PageErrors);
    }

    [SkippableFact]
    public async Task A_file_that_is_not_a_slack_export_says_so_and_creates_nothing()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        using var temp = new TempDirectory();
        var zip = temp.Combine("photos.zip");
        System.IO.Compression.ZipFile.CreateFromDirectory(TestPaths.ContentIncidents, zip);
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, Role.Author);
        var before = browser.Services.GetRequiredService<IncidentStore>().Count();

        await BrowserFixture.GotoInteractiveAsync(page, "incidents/new");
        await page.Locator(".incident-editor[data-interactive=true]").WaitForAsync();
        await page.Locator("[data-testid=chat-export-file]").SetInputFilesAsync(zip);

        await page.Locator("[data-testid=chat-draft-error]", new() { HasText = "photos.zip: not a Slack export: no users.json or channels.json in it" }).WaitForAsync();
        Assert.Equal(before, browser.Services.GetRequiredService<IncidentStore>().Count());
        Assert.EndsWith("/incidents/new", page.Url, StringComparison.Ordinal);
    }
}

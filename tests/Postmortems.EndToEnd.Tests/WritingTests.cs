using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Postmortems.Core.Accounts;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
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
        await page.Locator("[data-testid=save]").ClickAsync();
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

    [SkippableFact]
    public async Task Typing_into_a_100_KB_published_incident_saves_every_byte_and_it_stays_published()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var store = browser.Services.GetRequiredService<IncidentStore>();
        var original = LargeIncident("2026-01-20-large-timeline", 100 * 1024);
        store.Save(IncidentDocument.Parse(original), "e2e-setup");
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, Role.Author);

        await OpenEditorAsync(page, "2026-01-20-large-timeline");
        var editor = page.Locator("#incident-markdown");
        Assert.Equal(original, await editor.InputValueAsync());
        await editor.ClickAsync();
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.TypeAsync("Typed at the very end, past 100 KB.\n");
        var middle = original.IndexOf("## Notes", StringComparison.Ordinal);
        await editor.EvaluateAsync("(area, at) => area.setSelectionRange(at, at)", middle);
        await page.Keyboard.TypeAsync("## Typed in the middle\n\nÜnïcödé 🚀 too.\n\n");
        var expected = original.Insert(middle, "## Typed in the middle\n\nÜnïcödé 🚀 too.\n\n") + "Typed at the very end, past 100 KB.\n";
        await BrowserFixture.ScreenshotAsync(page, "09-large-editor");

        await page.Locator("[data-testid=save]").ClickAsync();
        await page.WaitForURLAsync("**/incidents/2026-01-20-large-timeline");

        var stored = store.Get("2026-01-20-large-timeline")!;
        Assert.Equal(expected, stored.Markdown);
        Assert.Equal(IncidentStatus.Published, stored.Status);
        Assert.Equal(2, stored.Revision);
        await OpenEditorAsync(page, "2026-01-20-large-timeline");
        Assert.Equal(expected, await editor.InputValueAsync());
        Assert.Empty(await page.Locator("[data-testid=restored-draft]").AllAsync());
        Assert.Empty(browser.PageErrors);
    }

    [SkippableFact]
    public async Task Text_typed_while_the_app_dies_is_offered_and_restored_after_a_restart()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        using var data = new TempDirectory();
        await using var app = new KillableApp(data.Path);
        app.Start();
        var page = await browser.Browser!.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, BaseURL = app.BaseUrl });
        await SignInAsync(page, app);
        var large = LargeIncident("2026-01-21-large-restart", 60 * 1024);
        app.Services.GetRequiredService<IncidentStore>().Save(IncidentDocument.Parse(large), "e2e-setup");

        await OpenEditorAsync(page, "2026-01-21-large-restart");
        var editor = page.Locator("#incident-markdown");
        await editor.ClickAsync();
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.TypeAsync("Typed before the crash.");
        await app.KillAsync();
        await page.Keyboard.TypeAsync(" Typed after it.");
        var typed = large + "Typed before the crash. Typed after it.";
        await page.WaitForFunctionAsync("text => localStorage.getItem('postmortems-draft:2026-01-21-large-restart')?.includes(text)", "Typed after it.");
        await BrowserFixture.ScreenshotAsync(page, "10-app-down");

        app.Start();
        await OpenEditorAsync(page, "2026-01-21-large-restart", app);

        await page.Locator("[data-testid=restored-draft]").WaitForAsync();
        Assert.Equal(typed, await editor.InputValueAsync());
        await BrowserFixture.ScreenshotAsync(page, "11-restored-after-restart");
        await page.Locator("[data-testid=save]").ClickAsync();
        await page.WaitForURLAsync("**/incidents/2026-01-21-large-restart");
        Assert.Equal(typed, app.Services.GetRequiredService<IncidentStore>().Get("2026-01-21-large-restart")!.Markdown);
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('postmortems-draft:2026-01-21-large-restart')"));
    }

    [SkippableFact]
    public async Task Pasting_60_KB_into_a_new_postmortem_saves_it_whole()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, Role.Author);
        await BrowserFixture.GotoInteractiveAsync(page, "incidents/new");
        await page.Locator(".incident-editor[data-interactive=true]").WaitForAsync();
        Assert.True(await page.Locator("#suggest-services option[value=checkout-api]").CountAsync() > 0, "services in use are suggested");

        var pasted = LargeIncident("2026-01-22-pasted-whole", 60 * 1024).Replace("status: published", "status: draft", StringComparison.Ordinal);
        await page.Locator("#incident-markdown").FillAsync(pasted);
        await page.Locator("[data-testid=save]").ClickAsync();
        await page.WaitForURLAsync("**/incidents/2026-01-22-pasted-whole");

        var stored = browser.Services.GetRequiredService<IncidentStore>().Get("2026-01-22-pasted-whole")!;
        Assert.Equal(pasted, stored.Markdown);
        Assert.Equal(IncidentStatus.Draft, stored.Status);
    }

    /// <summary>Opens the editor and waits until it is interactive; signs in again where a restarted app asks for it.</summary>
    private static async Task OpenEditorAsync(IPage page, string id, KillableApp? app = null)
    {
        try
        {
            await page.GotoAsync($"incidents/{id}/edit");
        }
        catch (PlaywrightException e) when (app is not null && e.Message.Contains("ERR_ABORTED", StringComparison.Ordinal))
        {
            // The page left on the dead app reloads itself once the app answers again, which can cut this navigation short.
            await page.GotoAsync($"incidents/{id}/edit");
        }
        if (app is not null && page.Url.Contains("/signin", StringComparison.Ordinal))
        {
            await SignInAsync(page, app);
            await page.GotoAsync($"incidents/{id}/edit");
        }
        await page.Locator(".incident-editor[data-interactive=true]").WaitForAsync();
    }

    private static async Task SignInAsync(IPage page, KillableApp app)
    {
        var accounts = app.Services.GetRequiredService<AccountStore>();
        if (accounts.Find("e2e-restart") is null) accounts.Add("e2e-restart", Role.Author, BrowserFixture.Password);
        await page.GotoAsync("signin");
        await page.Locator("#signin-name").FillAsync("e2e-restart");
        await page.Locator("#signin-password").FillAsync(BrowserFixture.Password);
        await page.Locator("[data-testid=signin-submit]").ClickAsync();
        await page.Locator("[data-testid=signed-in-user]").WaitForAsync();
    }

    /// <summary>A complete, published incident of about <paramref name="bytes"/> bytes: a long "Notes" section of paragraphs.</summary>
    private static string LargeIncident(string id, int bytes)
    {
        var text = new StringBuilder(File.ReadAllText(Path.Combine(TestPaths.ContentIncidents, DnsIncident + ".md")).Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace($"id: {DnsIncident}", $"id: {id}", StringComparison.Ordinal));
        text.Append("\n## Notes\n\n");
        for (var i = 0; text.Length < bytes; i++)
            text.Append($"Note {i}: the resolver at the edge kept the old address for the whole TTL, so clients went on reaching the dead VIP.\n\n");
        return text.ToString();
    }
}

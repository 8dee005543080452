using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Postmortems.Core.Accounts;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.EndToEnd.Tests;

/// <summary>
/// Payloads that would set a marker (window.__pwned, the page title, a request to /pwned-marker) shown on every page
/// that displays incident text, in Chromium: no marker is ever set, no dialog opens, and the Content Security Policy
/// reports no violation. The app's own pages are opened first, without payloads: a violation there is the app's bug;
/// one on a payload page would mean a payload got past the sanitizer and only the CSP stopped it.
/// </summary>
public sealed class XssTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Id = "2026-07-01-xss-everywhere";
    private const string SeedIncident = "2025-04-15-dns-cutover-24h-ttl-dead-vip";

    private static readonly string[] Payloads =
    [
        "<script>window.__pwned = 1; document.title = 'PWNED'; fetch('/pwned-marker?script')</script>",
        "<img src=x onerror=\"window.__pwned = 1; fetch('/pwned-marker?img')\">",
        "[click](javascript:window.__pwned=1) [entity](&#106;avascript:window.__pwned=1) [case](JaVaScRiPt:window.__pwned=1)",
        "![pic](javascript:window.__pwned=1) [data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)",
        "<svg onload=\"window.__pwned=1\"><script>window.__pwned=1</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned=1\"></style></mglyph></table></mtext></math>",
        "<iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe><object data=\"javascript:window.__pwned=1\"></object>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__pwned=1\"><base href=\"https://evil.example/\">",
        "<form action=\"javascript:window.__pwned=1\"><button formaction=\"javascript:window.__pwned=1\">go</button></form>",
        "# Heading {onclick=\"window.__pwned=1\"}",
        "[runbook][r] and <javascript:window.__pwned=1>\n\n[r]: javascript:window.__pwned=1",
        "<details open ontoggle=\"window.__pwned=1\"><summary>x</summary></details><input autofocus onfocus=\"window.__pwned=1\">",
        "| a | b |\n|---|---|\n| <script>window.__pwned=1</script> | [x](javascript:window.__pwned=1) |",
        "pwned `<script>window.__pwned=1</script>` \"><img src=x onerror=window.__pwned=1>",
    ];

    private static string Markdown(string extra) =>
        $"---\nid: {Id}\ntitle: \"pwned <script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>\"\ndate: 2026-07-01\nseverity: sev3\nstatus: draft\n" +
        "services: [\"<img src=x onerror=window.__pwned=1>\"]\n---\n\n## Summary\n\n" + string.Join("\n\n", Payloads) + extra + "\n";

    [SkippableFact]
    public async Task No_payload_runs_on_the_incident_search_history_and_editor_pages_and_the_app_itself_breaks_no_csp_rule()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var store = browser.Services.GetRequiredService<IncidentStore>();
        store.Save(IncidentDocument.Parse(Markdown(""), $"{Id}.md"), "e2e");
        store.Save(IncidentDocument.Parse(Markdown("\n\n<script>window.__pwned=2</script> a second revision"), $"{Id}.md"), "e2e");

        var page = await browser.NewPageAsync();
        var watch = await Watch(page);

        // The app's own pages, no payload on them: any CSP violation here is ours.
        foreach (var path in new[] { "", $"incidents/{SeedIncident}", "gaps", "design-check", "retro", "actions" })
            await BrowserFixture.GotoInteractiveAsync(page, path);
        Assert.True(watch.Violations.Count == 0, "the app's own pages break its CSP: " + string.Join("; ", watch.Violations));
        Assert.Equal(6, await page.EvaluateAsync<int>("() => window.__pages"));

        // The second wall on its own: markup that skipped the sanitizer (put in by the test) still cannot run a handler.
        await page.RunAndWaitForConsoleMessageAsync(
            () => page.EvaluateAsync("() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.__pwned=9\">')"),
            new() { Predicate = message => message.Text.Contains("violation: script-src-attr", StringComparison.Ordinal) });
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        watch.Violations.Clear();

        await BrowserFixture.GotoInteractiveAsync(page, $"incidents/{Id}");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Summary" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "xss-incident");
        await AssertInert(page, watch, "incident page");

        await BrowserFixture.GotoInteractiveAsync(page, "?q=pwned");
        await page.Locator($"article.search-hit[data-id='{Id}']").WaitForAsync();
        await AssertInert(page, watch, "search page");

        await BrowserFixture.GotoInteractiveAsync(page, $"incidents/{Id}/history?from=1&to=2");
        await page.Locator(".history-diff").WaitForAsync();
        await AssertInert(page, watch, "history diff");

        await browser.SignInAsync(page, Role.Author);
        await BrowserFixture.GotoInteractiveAsync(page, $"incidents/{Id}/edit");
        await page.Locator(".incident-editor[data-interactive=true]").WaitForAsync();
        var editor = page.Locator("#incident-markdown");
        await editor.FillAsync(await editor.InputValueAsync() + "\n\n<img src=y onerror=\"window.__pwned=3\"> typed-in-the-editor\n");
        await page.Locator("[data-testid=preview]", new() { HasText = "typed-in-the-editor" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "xss-editor");
        await AssertInert(page, watch, "editor preview");

        Assert.Empty(browser.PageErrors);
    }

    private sealed class Watched
    {
        public List<string> Violations { get; } = [];
        public List<string> Markers { get; } = [];
        public List<string> Dialogs { get; } = [];
    }

    private static async Task<Watched> Watch(IPage page)
    {
        var watched = new Watched();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.StartsWith("Refused to", StringComparison.Ordinal))
                watched.Violations.Add($"{page.Url}: {message.Text}");
        };
        page.Dialog += (_, dialog) =>
        {
            watched.Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("pwned", StringComparison.Ordinal) && !request.Url.Contains("q=pwned", StringComparison.Ordinal))
                watched.Markers.Add(request.Url);
        };
        // Counts pages and records violations the console might word differently; Playwright runs it whatever the CSP.
        await page.AddInitScriptAsync("""
            window.__pages = (Number(sessionStorage.getItem('pages')) || 0) + 1;
            sessionStorage.setItem('pages', String(window.__pages));
            document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));
            """);
        return watched;
    }

    private static async Task AssertInert(IPage page, Watched watched, string where)
    {
        // Payloads on a load or error event run as the page settles: wait for the network to go quiet first.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.NotEqual("PWNED", await page.TitleAsync());
        Assert.True(watched.Markers.Count == 0, $"{where}: a payload requested {string.Join(", ", watched.Markers)}");
        Assert.True(watched.Dialogs.Count == 0, $"{where}: a dialog opened: {string.Join(", ", watched.Dialogs)}");
        Assert.True(watched.Violations.Count == 0,
            $"{where}: the CSP blocked something, so a payload got past the sanitizer (or the page broke its own policy): {string.Join("; ", watched.Violations)}");
    }
}

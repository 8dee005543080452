using System.Globalization;
using Microsoft.Playwright;
using Postmortems.Core.Accounts;

namespace Postmortems.EndToEnd.Tests;

/// <summary>A near miss written in the browser changes the escape rate of the control that caught it.</summary>
public sealed class NearMissTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Gap = "migration-rehearsal";

    private static async Task<int> Caught(IPage page)
    {
        await BrowserFixture.GotoInteractiveAsync(page, $"gaps/{Gap}");
        var text = await page.Locator("[data-testid=gap-escape-rate] [data-number='escape:caught']").InnerTextAsync();
        return int.Parse(text, CultureInfo.InvariantCulture);
    }

    [SkippableFact]
    public async Task Writing_a_near_miss_in_the_editor_raises_the_caught_count_of_its_control()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, Role.Author);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var id = $"{today}-backfill-lock-caught-in-rehearsal";

        var before = await Caught(page);
        var readingBefore = await page.Locator("[data-testid=escape-reading]").InnerTextAsync();
        await page.Locator("[data-testid=new-near-miss]").ClickAsync();
        await page.WaitForURLAsync("**/incidents/new?kind=near-miss");
        await page.Locator(".incident-editor[data-interactive=true]").WaitForAsync();
        var editor = page.Locator("#incident-markdown");
        Assert.Contains("kind: near-miss", await editor.InputValueAsync());
        await editor.FillAsync($"""
            ---
            id: {id}
            title: A backfill without batches would have locked the invoices table, caught by the rehearsal
            date: {today}
            severity: sev2
            status: draft
            kind: near-miss
            services: [billing]
            teams: [payments]
            differences: [scale]
            caught-by:
              - id: {Gap}
                note: the rehearsal timed the backfill on last night's snapshot
            ---

            ## Summary

            A backfill updated every invoice row in one statement.

            ## What would have happened

            Invoices would have been locked for about forty minutes at month end.

            ## What differed between dev and prod

            Dev has a thousand invoices, production ninety million.

            ## How it was caught

            The migration rehearsal stopped the statement at its time budget.

            ## Action items

            - [ ] Batch the backfill @dana

            """);
        await BrowserFixture.ScreenshotAsync(page, "near-miss-editor");
        await page.Locator("[data-testid=publish]").ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{id}");

        var after = await Caught(page);
        await BrowserFixture.ScreenshotAsync(page, "near-miss-gap-page");
        Assert.Equal(before + 1, after);
        Assert.NotEqual(readingBefore, await page.Locator("[data-testid=escape-reading]").InnerTextAsync());
        Assert.Empty(browser.PageErrors);
    }
}

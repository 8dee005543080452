using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Postmortems.Core.Accounts;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.EndToEnd.Tests;

/// <summary>The admin page in a real browser: who changed what, revoking a token from its button, and signing out.</summary>
public sealed class AdminTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task An_admin_sees_the_latest_change_revokes_a_token_with_its_button_and_signs_out()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var accounts = browser.Services.GetRequiredService<AccountStore>();
        var store = browser.Services.GetRequiredService<IncidentStore>();
        accounts.Add("pipeline", Role.Author, BrowserFixture.Password);
        var token = accounts.CreateToken("pipeline", "nightly import");
        store.Save(IncidentDocument.Parse("---\nid: 2026-06-01-admin-sees-this\ntitle: Admin sees this\nstatus: draft\n---\n"), "pipeline");
        var page = await browser.NewPageAsync();

        await browser.SignInAsync(page, Role.Admin);
        await BrowserFixture.GotoInteractiveAsync(page, "admin");
        var latest = page.Locator("[data-testid=changes] tbody tr").First;
        await Assertions.Expect(latest).ToHaveAttributeAsync("data-incident", "2026-06-01-admin-sees-this");
        await Assertions.Expect(latest).ToContainTextAsync("pipeline");
        await page.Locator($"tr[data-token='{token.Token.Id}'] [data-testid=revoke]").ClickAsync();
        await page.Locator("[data-testid=revoked-message]").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "09-admin");

        Assert.Null(accounts.Authenticate(token.Secret));
        await Assertions.Expect(page.Locator($"tr[data-token='{token.Token.Id}']")).ToContainTextAsync("revoked");

        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await page.Locator("[data-testid=sign-in]").WaitForAsync();
        await page.GotoAsync("admin");
        await page.WaitForURLAsync("**/signin?ReturnUrl=%2Fadmin");
        Assert.Empty(browser.PageErrors);
    }
}

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

    [SkippableFact]
    public async Task An_admin_adds_a_user_with_a_password_and_another_with_a_link_and_both_can_sign_in()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var admin = await browser.NewPageAsync();
        await browser.SignInAsync(admin, Role.Admin);
        await BrowserFixture.GotoInteractiveAsync(admin, "admin");

        await admin.Locator("[data-testid=new-user-name]").FillAsync("colleague");
        await admin.Locator("[data-testid=new-user-role]").SelectOptionAsync(nameof(Role.Author));
        await admin.Locator("[data-testid=add-user]").ClickAsync();
        var password = (await admin.Locator("[data-testid=secret-value]").InnerTextAsync()).Trim();
        await Assertions.Expect(admin.Locator("[data-testid=account-changes] tbody tr").First).ToContainTextAsync("user added");

        await admin.Locator("[data-testid=new-user-name]").FillAsync("newcomer");
        await admin.Locator("[data-testid=with-link]").CheckAsync();
        await admin.Locator("[data-testid=add-user]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=secret-value]")).ToContainTextAsync("/welcome?code=");
        var link = (await admin.Locator("[data-testid=secret-value]").InnerTextAsync()).Trim();
        await BrowserFixture.ScreenshotAsync(admin, "10-admin-added-user");

        var colleague = await browser.NewPageAsync();
        await colleague.GotoAsync("signin");
        await colleague.Locator("#signin-name").FillAsync("colleague");
        await colleague.Locator("#signin-password").FillAsync(password);
        await colleague.Locator("[data-testid=signin-submit]").ClickAsync();
        await colleague.Locator("[data-testid=signed-in-user]", new() { HasText = "colleague (author)" }).WaitForAsync();

        var newcomer = await browser.NewPageAsync();
        await newcomer.GotoAsync(link);
        await newcomer.Locator("#welcome-password").FillAsync("the newcomer's own password");
        await newcomer.Locator("#welcome-confirm").FillAsync("the newcomer's own password");
        await newcomer.Locator("[data-testid=welcome-submit]").ClickAsync();
        await newcomer.Locator("[data-testid=signed-in-user]", new() { HasText = "newcomer (author)" }).WaitForAsync();
        Assert.Empty(browser.PageErrors);
    }
}

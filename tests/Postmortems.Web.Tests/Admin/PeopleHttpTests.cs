using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Accounts;
using static Postmortems.Web.Tests.Auth.CookieSignIn;

namespace Postmortems.Web.Tests.Admin;

/// <summary>Who may open the people controls, and the one-time sign-in link over HTTP, as a browser uses it.</summary>
public sealed class PeopleHttpTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private AccountStore Accounts => factory.Services.GetRequiredService<AccountStore>();

    [Theory]
    [InlineData("reader", HttpStatusCode.Forbidden)]
    [InlineData("author", HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.OK)]
    public async Task Only_an_admin_gets_the_people_controls(string role, HttpStatusCode expected)
    {
        using var client = factory.CreateClientAs(role, new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/admin");

        Assert.Equal(expected, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(expected == HttpStatusCode.OK, page.Contains("data-testid=\"add-user-form\"", StringComparison.Ordinal));
        Assert.Equal(expected == HttpStatusCode.OK, page.Contains("data-testid=\"create-token-form\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sign_in_link_lets_its_user_choose_a_password_and_signs_them_in_once()
    {
        Accounts.Add("newcomer", Role.Author, AccountStore.GeneratePassword(), "test-admin");
        var link = $"/welcome?code={Uri.EscapeDataString(Accounts.CreateSignInLink("newcomer", "test-admin").Code)}";
        using var browser = Browser(factory, "192.0.2.41");

        var form = await Text(await browser.GetAsync(link));
        Assert.Contains("data-testid=\"welcome-name\">newcomer<", form);
        using var chosen = await browser.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "welcome",
            ["__RequestVerificationToken"] = await AntiforgeryToken(browser, link),
            ["password"] = "the newcomer's password",
            ["confirm"] = "the newcomer's password",
        }));

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("/", chosen.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/incidents/new")).StatusCode); // signed in, as an author
        Assert.Equal(SignInOutcome.SignedIn, Accounts.SignIn("newcomer", "the newcomer's password").Outcome);
        Assert.Contains("already used", await Text(await Browser(factory, "192.0.2.42").GetAsync(link)));
    }

    [Fact]
    public async Task A_link_with_passwords_that_differ_changes_nothing_and_says_why()
    {
        Accounts.Add("typo", Role.Reader, "the original password", "test-admin");
        var link = $"/welcome?code={Uri.EscapeDataString(Accounts.CreateSignInLink("typo", "test-admin").Code)}";
        using var browser = Browser(factory, "192.0.2.43");

        using var response = await browser.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "welcome",
            ["__RequestVerificationToken"] = await AntiforgeryToken(browser, link),
            ["password"] = "one long password",
            ["confirm"] = "another long password",
        }));

        Assert.Contains("The two passwords differ", await Text(response));
        Assert.Equal(SignInOutcome.SignedIn, Accounts.SignIn("typo", "the original password").Outcome);
        Assert.Equal("typo", Accounts.CheckSignInLink(Uri.UnescapeDataString(link["/welcome?code=".Length..])).Account?.Name);
    }

    [Fact]
    public async Task A_made_up_link_is_refused()
    {
        using var browser = Browser(factory, "192.0.2.44");

        var page = await Text(await browser.GetAsync("/welcome?code=made-up"));

        Assert.Contains("data-testid=\"welcome-invalid\"", page);
        Assert.DoesNotContain("welcome-form", page);
    }
}

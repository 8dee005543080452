using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Accounts;
using Postmortems.Web.Auth;
using static Postmortems.Web.Tests.Auth.CookieSignIn;

namespace Postmortems.Web.Tests.Auth;

/// <summary>A newcomer's first account: the one-time /setup link the app logs while no account exists.</summary>
public sealed class FirstAccountTests : IDisposable
{
    private readonly PostmortemsAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static Task<HttpResponseMessage> Submit(HttpClient client, string url, string token, string name, string password, string confirm) =>
        client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "setup",
            ["__RequestVerificationToken"] = token,
            ["name"] = name,
            ["password"] = password,
            ["confirm"] = confirm,
        }));

    [Fact]
    public async Task The_setup_link_creates_the_first_admin_once_and_signs_them_in()
    {
        using var browser = Browser(_app, "127.0.0.1");
        var setup = _app.Services.GetRequiredService<FirstAccount>();
        var url = $"/setup?code={setup.SetupCode}";
        var token = await AntiforgeryToken(browser, url);

        var wrongCode = await Text(await browser.GetAsync("/setup?code=guessed"));
        var mismatch = await Text(await Submit(browser, url, token, "root", TestUsers.Password, TestUsers.Password + "!"));
        var tooShort = await Text(await Submit(browser, url, token, "root", "short", "short"));
        using var created = await Submit(browser, url, token, "root", TestUsers.Password, TestUsers.Password);
        var admin = await Text(await browser.GetAsync("/admin"));
        var again = await Text(await browser.GetAsync(url));

        Assert.Contains("This setup link is not valid", wrongCode);
        Assert.Contains("The two passwords differ", mismatch);
        Assert.Contains($"use at least {AccountStore.MinPasswordLength}", tooShort);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin", new Uri(browser.BaseAddress!, created.Headers.Location!).AbsolutePath);
        Assert.Contains("root (admin)", admin);
        Assert.Contains("Setup is done", again);
        Assert.Null(setup.SetupCode);
        Assert.Equal(Role.Admin, _app.Services.GetRequiredService<AccountStore>().Find("root")!.Role);
    }

    [Fact]
    public async Task A_start_with_an_account_makes_no_setup_code()
    {
        _app.Services.GetRequiredService<AccountStore>().Add("someone", Role.Reader, TestUsers.Password);
        var restarted = ActivatorUtilities.CreateInstance<FirstAccount>(_app.Services);

        await restarted.StartingAsync(CancellationToken.None);

        Assert.Null(restarted.SetupCode);
        Assert.False(restarted.IsValid(null));
        Assert.False(restarted.IsValid(""));
    }
}

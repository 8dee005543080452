using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Accounts;
using Postmortems.Core.Storage;
using Postmortems.Web.Auth;
using static Postmortems.Web.Tests.Auth.CookieSignIn;

namespace Postmortems.Web.Tests.Auth;

/// <summary>The /signin form: the cookie it sets, lockout, the rate limit, and cookie-authenticated API writes.</summary>
public sealed class SignInTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private AccountStore Accounts => factory.Services.GetRequiredService<AccountStore>();

    private string NewUser(string name, Role role)
    {
        Accounts.Add(name, role, TestUsers.Password);
        return name;
    }

    [Fact]
    public async Task Signing_in_sets_an_http_only_cookie_and_goes_back_to_the_page_asked_for()
    {
        var user = NewUser("signs-in", Role.Author);
        using var browser = Browser(factory, "192.0.2.10");

        using var response = await Post(browser, user, TestUsers.Password, path: "/signin?ReturnUrl=%2Fincidents%2Fnew");
        var home = await Text(await browser.GetAsync("/"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(browser.BaseAddress!, "/incidents/new"), new Uri(browser.BaseAddress!, response.Headers.Location!));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("postmortems.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("signs-in (author)", home);
        Assert.Contains("data-testid=\"sign-out\"", home);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/incidents/new")).StatusCode);
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_ignored()
    {
        var user = NewUser("no-open-redirect", Role.Reader);
        using var browser = Browser(factory, "192.0.2.11");

        using var response = await Post(browser, user, TestUsers.Password, path: "/signin?ReturnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Equal(new Uri(browser.BaseAddress!, "/"), new Uri(browser.BaseAddress!, response.Headers.Location!));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes_and_say_until_when()
    {
        var user = NewUser("locks-out", Role.Author);
        using var browser = Browser(factory, "192.0.2.12");
        var token = await AntiforgeryToken(browser);

        var answers = new List<string>();
        for (var attempt = 1; attempt <= AccountStore.MaxFailedSignIns; attempt++)
            answers.Add(await Text(await Post(browser, user, "not the password", token)));
        using var rightPassword = await Post(browser, user, TestUsers.Password, token);
        var afterLockout = await Text(rightPassword);

        const string wrong = "Wrong name or password. After 5 wrong passwords in a row an account is locked for 15 minutes.";
        Assert.All(answers[..4], answer => Assert.Contains(wrong, answer));
        Assert.Contains(wrong, await Text(await Post(browser, "no-such-user", "not the password", token)));
        var until = Accounts.Find(user)!.LockedUntil!.Value;
        var expected = $"This account is locked after 5 wrong passwords in a row, until {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC (15 minutes).";
        Assert.Contains(expected, answers[4]);
        Assert.Equal(HttpStatusCode.OK, rightPassword.StatusCode);
        Assert.Contains(expected, afterLockout);
        Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.DoesNotContain(rightPassword.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("postmortems.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Password_attempts_are_rate_limited_per_client_address_with_a_clear_429()
    {
        using var browser = Browser(factory, "192.0.2.13");
        using var other = Browser(factory, "192.0.2.14");
        var token = await AntiforgeryToken(browser);

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= AuthSetup.DefaultSignInAttemptsPerMinute; attempt++)
            statuses.Add((await Post(browser, "nobody-here", "wrong password", token)).StatusCode);
        using var refused = await Post(browser, "nobody-here", "wrong password", token);
        using var otherClient = await Post(other, "nobody-here", "wrong password");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal($"Too many sign-in attempts from your address: at most {AuthSetup.DefaultSignInAttemptsPerMinute} a minute. Wait a minute and try again.",
            await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/signin")).StatusCode);
    }

    [Fact]
    public async Task A_cookie_authenticated_api_write_needs_an_antiforgery_token()
    {
        const string id = "2026-04-02-cookie-write";
        var user = NewUser("cookie-writer", Role.Author);
        using var browser = Browser(factory, "192.0.2.15");
        (await Post(browser, user, TestUsers.Password)).Dispose();
        var store = factory.Services.GetRequiredService<IncidentStore>();

        using var withoutToken = await browser.PutAsync($"/api/incidents/{id}", new StringContent(Write.Samples.Complete(id), Encoding.UTF8, "text/markdown"));
        var problem = await withoutToken.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>();
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Contains("needs an antiforgery token in the RequestVerificationToken header", problem!["detail"]!.GetValue<string>());
        Assert.False(store.Exists(id));

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/incidents/{id}")
        {
            Content = new StringContent(Write.Samples.Complete(id), Encoding.UTF8, "text/markdown"),
        };
        request.Headers.Add("RequestVerificationToken", await AntiforgeryToken(browser));
        using var withToken = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, withToken.StatusCode);
        Assert.Equal(user, store.Get(id)!.UpdatedBy);
    }

    [Fact]
    public async Task Signing_out_needs_the_form_s_token_and_ends_the_session()
    {
        var user = NewUser("signs-out", Role.Reader);
        using var browser = Browser(factory, "192.0.2.16");
        (await Post(browser, user, TestUsers.Password)).Dispose();
        var token = await AntiforgeryToken(browser, "/");

        using var forged = await browser.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));
        Assert.Contains("signs-out (reader)", await Text(await browser.GetAsync("/")));
        using var signedOut = await browser.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["returnUrl"] = "/",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        // This browser is not on the server's machine: once signed out, it may not read either.
        using var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/signin", home.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_role_changed_by_an_admin_applies_at_the_next_request()
    {
        var user = NewUser("promoted", Role.Reader);
        using var browser = Browser(factory, "192.0.2.17");
        (await Post(browser, user, TestUsers.Password)).Dispose();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/incidents/new")).StatusCode);

        Accounts.SetRole(user, Role.Author);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/incidents/new")).StatusCode);
    }
}

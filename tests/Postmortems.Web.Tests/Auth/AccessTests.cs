using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Accounts;
using Postmortems.Web.Auth;

namespace Postmortems.Web.Tests.Auth;

/// <summary>Who may read, who sees which controls, and what a revoked token gets.</summary>
public sealed class AccessTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private const string Outside = "203.0.113.7";

    private HttpClient NoRedirects(string? role = null, string? address = null)
    {
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false };
        var client = role is null ? factory.CreateClient(options) : factory.CreateClientAs(role, options);
        if (address is not null) client.DefaultRequestHeaders.Add(TestUsers.ClientAddressHeader, address);
        return client;
    }

    private static string Incident => RepositoryContent.Incidents[0].Id!;

    [Fact]
    public async Task Anonymous_reading_works_from_this_machine()
    {
        using var client = NoRedirects();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/incidents/{Incident}")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_reading_from_another_machine_is_401_for_the_api_and_a_sign_in_redirect_for_pages()
    {
        using var client = NoRedirects(address: Outside);
        using var reader = NoRedirects("reader", Outside);

        using var api = await client.GetAsync("/api/incidents");
        using var page = await client.GetAsync($"/incidents/{Incident}");
        using var signIn = await client.GetAsync("/signin");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Contains("needs a signed-in user", await api.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal($"/signin?ReturnUrl=%2Fincidents%2F{Incident}", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task A_request_a_proxy_on_this_machine_forwarded_is_not_from_this_machine()
    {
        using var client = NoRedirects();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", Outside);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/incidents")).StatusCode);
    }

    [Theory]
    [InlineData("anyone", Outside, HttpStatusCode.OK)]
    [InlineData("nobody", "127.0.0.1", HttpStatusCode.Unauthorized)]
    public async Task AnonymousRead_setting_opens_or_closes_reading(string setting, string address, HttpStatusCode expected)
    {
        using var app = new PostmortemsAppFactory { Settings = new Dictionary<string, string> { ["Postmortems:Auth:AnonymousRead"] = setting } };
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(TestUsers.ClientAddressHeader, address);

        Assert.Equal(expected, (await client.GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public void A_mistyped_AnonymousRead_stops_the_app_at_start_naming_the_setting()
    {
        using var app = new PostmortemsAppFactory { Settings = new Dictionary<string, string> { ["Postmortems:Auth:AnonymousRead"] = "lan" } };

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Postmortems:Auth:AnonymousRead", error.ToString());
    }

    [Theory]
    [InlineData("/incidents/new")]
    [InlineData("/incidents/{0}/edit")]
    [InlineData("/admin")]
    public async Task Anonymous_users_opening_a_write_or_admin_page_are_sent_to_sign_in(string path)
    {
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Incident);
        using var client = NoRedirects();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/signin?ReturnUrl={Uri.EscapeDataString(url)}", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_reader_sees_no_write_controls_and_may_not_open_the_editor()
    {
        using var reader = NoRedirects("reader");
        using var author = NoRedirects("author");

        var asReader = WebUtility.HtmlDecode(await reader.GetStringAsync($"/incidents/{Incident}"));
        var asAuthor = WebUtility.HtmlDecode(await author.GetStringAsync($"/incidents/{Incident}"));
        using var editor = await reader.GetAsync($"/incidents/{Incident}/edit");

        Assert.Contains("data-testid=\"edit-incident-disabled\"", asReader);
        Assert.Contains("Only an author can edit", asReader);
        Assert.DoesNotContain("data-testid=\"edit-incident\"", asReader);
        Assert.DoesNotContain("data-testid=\"new-postmortem\"", asReader);
        Assert.Contains($"{TestUsers.NameFor(Role.Reader)} (reader)", asReader);
        Assert.Contains("data-testid=\"edit-incident\"", asAuthor);
        Assert.Contains("data-testid=\"new-postmortem\"", asAuthor);
        Assert.DoesNotContain("data-testid=\"nav-admin\"", asAuthor);
        Assert.Equal(HttpStatusCode.Forbidden, editor.StatusCode);
    }

    [Fact]
    public async Task Anonymous_users_see_sign_in_and_disabled_ticks_on_the_action_items()
    {
        using var client = NoRedirects();

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/actions"));

        Assert.Contains("data-testid=\"sign-in\"", page);
        Assert.Contains("data-testid=\"tick-needs-author\"", page);
        Assert.Contains("Only an author can tick items", page);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_from_the_next_request()
    {
        var accounts = factory.Services.GetRequiredService<AccountStore>();
        accounts.Add("revoked-soon", Role.Author, TestUsers.Password);
        var token = accounts.CreateToken("revoked-soon", "to revoke");
        using var client = NoRedirects(address: Outside);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.Secret);

        using var before = await client.GetAsync("/api/incidents?limit=1");
        accounts.Revoke(token.Token.Id);
        using var after = await client.GetAsync("/api/incidents?limit=1");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("The bearer token is unknown or revoked", await after.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", after.Headers.WwwAuthenticate.Single().Scheme);
        Assert.NotNull(accounts.Tokens("revoked-soon").Single().LastUsedAt);
    }

    [Fact]
    public async Task An_admin_sees_who_changed_what_newest_first_with_the_signed_in_authors()
    {
        const string id = "2026-04-01-who-changed-it";
        using var author = factory.CreateClientAs("author");
        using var admin = NoRedirects("admin");
        using var put = await author.PutAsync($"/api/incidents/{id}", new StringContent(Write.Samples.Complete(id), Encoding.UTF8, "text/markdown"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin"));
        using var asAuthor = await NoRedirects("author").GetAsync("/admin");

        var firstRow = page[page.IndexOf("data-testid=\"changes\"", StringComparison.Ordinal)..];
        firstRow = firstRow[firstRow.IndexOf("<tr data-incident", StringComparison.Ordinal)..];
        Assert.StartsWith($"<tr data-incident=\"{id}\" data-revision=\"1\"", firstRow);
        Assert.Contains(TestUsers.NameFor(Role.Author), firstRow[..firstRow.IndexOf("</tr>", StringComparison.Ordinal)]);
        Assert.Contains("data-testid=\"users\"", page);
        Assert.Contains($"data-user=\"{TestUsers.NameFor(Role.Author)}\"", page);
        Assert.Contains("data-testid=\"tokens\"", page);
        Assert.Equal(HttpStatusCode.Forbidden, asAuthor.StatusCode);
    }

    [Fact]
    public void Roles_include_the_roles_below_them()
    {
        var admin = UserClaims.Principal("a", Role.Admin, UserClaims.LocalSource, "test");
        var reader = UserClaims.Principal("r", Role.Reader, UserClaims.LocalSource, "test");

        Assert.True(admin.IsInRole(Roles.Author) && admin.IsInRole(Roles.Reader) && admin.IsInRole(Roles.Admin));
        Assert.False(reader.IsInRole(Roles.Author));
        Assert.Equal(Role.Admin, UserClaims.RoleOf(admin));
    }
}

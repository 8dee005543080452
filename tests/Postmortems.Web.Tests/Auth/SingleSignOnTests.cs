using System.Net;
using System.Security.Claims;
using Postmortems.Core.Accounts;
using Postmortems.Web.Auth;

namespace Postmortems.Web.Tests.Auth;

/// <summary>OpenID Connect: roles mapped from the provider's claim, and the sign-in page offering it only when configured.</summary>
public sealed class SingleSignOnTests
{
    private static readonly OidcSettings Settings = new()
    {
        Authority = "https://idp.example.com",
        ClientId = "postmortems",
        ClientSecret = "secret",
        AdminValues = "pm-admins, platform-leads",
        AuthorValues = "sre",
    };

    private static ClaimsPrincipal IdpUser(string claim, params string[] values) =>
        new(new ClaimsIdentity(
            values.Select(v => new Claim(claim, v)).Append(new Claim("preferred_username", "jane")).Append(new Claim("sub", "42")),
            "oidc"));

    [Theory]
    [InlineData(Role.Admin, "pm-admins")]
    [InlineData(Role.Admin, "sre", "platform-leads")]
    [InlineData(Role.Author, "sre")]
    [InlineData(Role.Author, "SRE")]
    [InlineData(Role.Reader, "finance")]
    [InlineData(Role.Reader)]
    public void Roles_come_from_the_role_claim_and_everyone_else_reads(Role expected, params string[] values) =>
        Assert.Equal(expected, OidcRoles.Map(IdpUser("roles", values), Settings));

    [Fact]
    public void A_json_array_in_one_claim_and_another_claim_name_are_read()
    {
        var groups = Settings with { RoleClaim = "groups" };

        Assert.Equal(Role.Author, OidcRoles.Map(IdpUser("roles", "[\"finance\",\"sre\"]"), Settings));
        Assert.Equal(Role.Admin, OidcRoles.Map(IdpUser("groups", "pm-admins"), groups));
        Assert.Equal(Role.Reader, OidcRoles.Map(IdpUser("roles", "pm-admins"), groups));
    }

    [Fact]
    public void The_principal_has_the_provider_s_user_name_and_the_mapped_role()
    {
        var user = OidcRoles.Principal(IdpUser("roles", "sre"), Settings, "Cookies");

        Assert.Equal("jane", user.Identity!.Name);
        Assert.True(user.IsInRole(Roles.Author));
        Assert.False(user.IsInRole(Roles.Admin));
        Assert.Equal(UserClaims.SsoSource, user.FindFirst(UserClaims.SourceClaim)!.Value);
    }

    [Fact]
    public async Task The_sign_in_page_offers_single_sign_on_only_when_it_is_configured()
    {
        using var plain = new PostmortemsAppFactory();
        using var sso = new PostmortemsAppFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["Postmortems:Auth:Oidc:Authority"] = Settings.Authority!,
                ["Postmortems:Auth:Oidc:ClientId"] = Settings.ClientId!,
                ["Postmortems:Auth:Oidc:ClientSecret"] = Settings.ClientSecret!,
                ["Postmortems:Auth:Oidc:DisplayName"] = "Example SSO",
            },
        };

        var withoutSso = WebUtility.HtmlDecode(await plain.CreateClient().GetStringAsync("/signin"));
        var withSso = WebUtility.HtmlDecode(await sso.CreateClient().GetStringAsync("/signin"));
        using var noChallenge = await plain.CreateClient().GetAsync("/signin/sso");

        Assert.DoesNotContain("data-testid=\"signin-sso\"", withoutSso);
        Assert.Contains("data-testid=\"signin-sso\"", withSso);
        Assert.Contains("Sign in with Example SSO", withSso);
        Assert.Equal(HttpStatusCode.NotFound, noChallenge.StatusCode);
    }

    [Fact]
    public async Task With_no_account_the_sign_in_page_says_how_to_create_the_first_admin()
    {
        using var app = new PostmortemsAppFactory();

        var page = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/signin"));

        Assert.Contains("There is no account yet", page);
        Assert.Contains($"dotnet run --project src/Postmortems.Cli -- --data \"{app.DataDirectory}\" users add admin --role admin", page);
    }
}

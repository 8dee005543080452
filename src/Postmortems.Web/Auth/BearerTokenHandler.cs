using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Postmortems.Core.Accounts;

namespace Postmortems.Web.Auth;

/// <summary><c>Authorization: Bearer pm_...</c>: an API token made by <c>postmortems tokens create</c>, carrying its user's role.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccountStore accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string Prefix = "Bearer ";

    public static bool IsPresent(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!IsPresent(Request)) return Task.FromResult(AuthenticateResult.NoResult());
        var secret = Request.Headers.Authorization.ToString()[Prefix.Length..].Trim();
        var account = accounts.Authenticate(secret);
        if (account is null) return Task.FromResult(AuthenticateResult.Fail("The bearer token is unknown or revoked."));
        var principal = UserClaims.Principal(account.Name, account.Role, UserClaims.LocalSource, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers[HeaderNames.WWWAuthenticate] = SchemeName;
        return AuthProblems.Unauthorized(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.Forbidden(Context, null);
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Postmortems.Web.Auth;

/// <summary>Signing out, and handing over to the identity provider for single sign-on. (Signing in is the /signin page.)</summary>
public static class AccountEndpoints
{
    public const string SignOutPath = "/signout";

    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        // A form post with an antiforgery token (checked for every form-bound minimal API), so another site cannot sign users out.
        app.MapPost(SignOutPath, async (HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
            {
                await context.SignOutAsync(AuthSetup.CookieScheme);
                return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        app.MapGet($"{AuthSetup.SignInPath}/sso", (string? returnUrl, IOptionsMonitor<AuthSettings> settings) =>
                settings.CurrentValue.Oidc.Enabled
                    ? Results.Challenge(
                        new AuthenticationProperties { RedirectUri = LocalUrl.OrHome(returnUrl) },
                        [AuthSetup.OidcScheme])
                    : Results.NotFound())
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}

using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Postmortems.Core.Accounts;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Auth;

/// <summary>
/// Sign-in and access control: a cookie for people (local accounts or single sign-on), bearer tokens for programs,
/// role policies on every endpoint and page, and a rate limit on password attempts.
/// </summary>
public static class AuthSetup
{
    /// <summary>Picks the cookie or the bearer token for each request, from its Authorization header.</summary>
    public const string Scheme = "Postmortems";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string SignInPath = "/signin";
    public const string SignInRateLimit = "signin";

    /// <summary>Password attempts allowed per client address and minute (<c>Postmortems:Auth:SignInAttemptsPerMinute</c>).</summary>
    public const int DefaultSignInAttemptsPerMinute = 10;

    public static void AddPostmortemsAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(AuthSettings.Section);
        // Bound at start, so that a mistyped value (AnonymousRead=lan) stops the app with the key's name, not every request.
        services.AddOptions<AuthSettings>().Bind(section).ValidateOnStart();
        var oidc = section.GetSection("Oidc").Get<OidcSettings>() ?? new OidcSettings();

        services.AddSingleton(sp => new AccountStore(sp.GetRequiredService<IncidentStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RevisionLog(sp.GetRequiredService<IncidentStore>()));
        services.AddSingleton<FirstAccount>();
        services.AddHostedService(sp => sp.GetRequiredService<FirstAccount>());
        services.AddHttpContextAccessor();

        var authentication = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or bearer token", options =>
                options.ForwardDefaultSelector = context => BearerTokenHandler.IsPresent(context.Request) ? BearerTokenHandler.SchemeName : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(CookieScheme, options =>
            {
                options.LoginPath = SignInPath;
                options.AccessDeniedPath = SignInPath;
                options.Cookie.Name = "postmortems.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = RefreshLocalUser;
            });
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcScheme, oidc.DisplayName, options =>
            {
                options.Authority = oidc.Authority;
                options.ClientId = oidc.ClientId;
                options.ClientSecret = oidc.ClientSecret;
                options.ResponseType = "code";
                options.SignInScheme = CookieScheme;
                options.MapInboundClaims = false;
                options.SaveTokens = false;
                options.GetClaimsFromUserInfoEndpoint = true;
                options.Scope.Add("profile");
                options.Scope.Add("email");
                // After the user-info call: a provider may send the role or group claim there rather than in the ID token.
                options.Events.OnTicketReceived = context =>
                {
                    context.Principal = OidcRoles.Principal(context.Principal!, oidc, CookieScheme);
                    return Task.CompletedTask;
                };
            });
        }

        services.AddAuthorization(Policies.Add);
        services.AddSingleton<IAuthorizationHandler, ReadAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthProblems>();
        services.AddCascadingAuthenticationState();
        services.Configure<OpenApiOptions>("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerTokenHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token from `postmortems tokens create NAME`, with its user's role: reading needs any role " +
                              "(or none, from the app's own machine), writing an author, deleting an admin.",
            };
            return Task.CompletedTask;
        }));

        var attemptsPerMinute = section.GetValue("SignInAttemptsPerMinute", DefaultSignInAttemptsPerMinute);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInRateLimit, context =>
                HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString(),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = attemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("reading the sign-in page"));
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(
                    $"Too many sign-in attempts from your address: at most {attemptsPerMinute} a minute. Wait a minute and try again.",
                    cancellationToken);
            };
        });
    }

    /// <summary>
    /// A local user's cookie follows the account: a role changed by an admin applies at the next request, and a
    /// cookie of a user who no longer exists signs nobody in.
    /// </summary>
    private static Task RefreshLocalUser(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        if (user?.FindFirst(UserClaims.SourceClaim)?.Value != UserClaims.LocalSource) return Task.CompletedTask;
        var account = context.HttpContext.RequestServices.GetRequiredService<AccountStore>().Find(user.Identity?.Name ?? "");
        if (account is null)
        {
            context.RejectPrincipal();
        }
        else if (UserClaims.RoleOf(user) != account.Role)
        {
            context.ReplacePrincipal(UserClaims.Principal(account.Name, account.Role, UserClaims.LocalSource, CookieScheme));
            context.ShouldRenew = true;
        }
        return Task.CompletedTask;
    }
}

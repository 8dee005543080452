using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Net.Http.Headers;
using Postmortems.Core.Accounts;

namespace Postmortems.Web.Auth;

/// <summary>
/// The API's answers to a request it will not serve: 401 and 403 as problem+json that say what to do, never a redirect
/// to a sign-in page that an API client cannot follow. Pages keep the usual redirect to /signin.
/// </summary>
public sealed class AuthProblems : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _pages = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!IsApi(context.Request)) return _pages.HandleAsync(next, context, policy, result);
        if (result.Challenged)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = BearerTokenHandler.SchemeName;
            return Unauthorized(context);
        }
        if (result.Forbidden) return Forbidden(context, NeededRole(policy));
        return next(context);
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    public static Task Unauthorized(HttpContext context) =>
        Results.Problem(
            BearerTokenHandler.IsPresent(context.Request)
                ? "The bearer token is unknown or revoked. `postmortems tokens create NAME` makes a new one; `postmortems tokens list` shows which are revoked."
                : "This needs a signed-in user: send `Authorization: Bearer <token>` (`postmortems tokens create NAME` makes one), or sign in at /signin.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Not signed in").ExecuteAsync(context);

    public static Task Forbidden(HttpContext context, Role? needed)
    {
        var user = context.User;
        var who = $"{user.Identity?.Name} ({UserClaims.RoleOf(user)?.Name() ?? "no role"})";
        var detail = needed is { } role
            ? $"You are signed in as {who}; this needs the {role.Name()} role. An admin can change it with `postmortems users role NAME {role.Name()}`."
            : $"You are signed in as {who}, which may not do this.";
        return Results.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed").ExecuteAsync(context);
    }

    /// <summary>The lowest role that a policy's role requirements accept.</summary>
    private static Role? NeededRole(AuthorizationPolicy policy) =>
        policy.Requirements.OfType<RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles)
            .Select(name => Roles.TryParse(name, out var role) ? role : (Role?)null)
            .Where(role => role is not null)
            .Min();
}

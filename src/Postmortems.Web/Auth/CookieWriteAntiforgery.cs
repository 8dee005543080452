using Microsoft.AspNetCore.Antiforgery;

namespace Postmortems.Web.Auth;

/// <summary>
/// An API write authenticated by the browser's cookie must carry an antiforgery token, or another site could make a
/// signed-in browser write. A bearer token cannot be sent by another site, so it needs none.
/// </summary>
public sealed class CookieWriteAntiforgery(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.AuthenticationType == BearerTokenHandler.SchemeName || await antiforgery.IsRequestValidAsync(http))
            return await next(context);
        return Results.Problem(
            "A write authenticated by the sign-in cookie needs an antiforgery token in the RequestVerificationToken header. " +
            "Scripts and other programs should send `Authorization: Bearer <token>` instead (`postmortems tokens create NAME`).",
            statusCode: StatusCodes.Status400BadRequest,
            title: "Missing antiforgery token");
    }
}

public static class AuthorizationEndpointExtensions
{
    /// <summary>An API write: the policy, the antiforgery check for cookie-authenticated callers, and their answers in OpenAPI.</summary>
    public static RouteHandlerBuilder RequireWrite(this RouteHandlerBuilder builder, string policy) =>
        builder.RequireAuthorization(policy)
            .AddEndpointFilter<RouteHandlerBuilder, CookieWriteAntiforgery>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}

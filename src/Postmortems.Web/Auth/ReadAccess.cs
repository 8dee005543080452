using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Postmortems.Web.Auth;

/// <summary>
/// Reading: any signed-in user, and anonymous users as <see cref="AuthSettings.AnonymousRead"/> allows. An unknown
/// remote address (an in-memory test server has none) is not loopback, and neither is a loopback request that a
/// reverse proxy on the same machine forwarded (it says so in X-Forwarded-For or Forwarded): its client is elsewhere.
/// </summary>
public sealed class ReadAccessRequirement : IAuthorizationRequirement;

public sealed class ReadAccessHandler(IOptionsMonitor<AuthSettings> settings) : AuthorizationHandler<ReadAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadAccessRequirement requirement)
    {
        var allowed = context.User.Identity?.IsAuthenticated == true || settings.CurrentValue.AnonymousRead switch
        {
            AnonymousRead.Anyone => true,
            AnonymousRead.Loopback => context.Resource is HttpContext http && FromThisMachine(http),
            _ => false,
        };
        if (allowed) context.Succeed(requirement);
        return Task.CompletedTask;
    }

    private static bool FromThisMachine(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
        && !http.Request.Headers.ContainsKey("X-Forwarded-For") && !http.Request.Headers.ContainsKey("Forwarded");
}

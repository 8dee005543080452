using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Postmortems.Web.Auth;

/// <summary>
/// Reading: any signed-in user, and anonymous users as <see cref="AuthSettings.AnonymousRead"/> allows. An unknown
/// remote address (an in-memory test server has none) is not loopback.
/// </summary>
public sealed class ReadAccessRequirement : IAuthorizationRequirement;

public sealed class ReadAccessHandler(IOptionsMonitor<AuthSettings> settings, IHttpContextAccessor http)
    : AuthorizationHandler<ReadAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadAccessRequirement requirement)
    {
        var allowed = context.User.Identity?.IsAuthenticated == true || settings.CurrentValue.AnonymousRead switch
        {
            AnonymousRead.Anyone => true,
            AnonymousRead.Loopback => IsLoopback((context.Resource as HttpContext ?? http.HttpContext)?.Connection.RemoteIpAddress),
            _ => false,
        };
        if (allowed) context.Succeed(requirement);
        return Task.CompletedTask;
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}

using Microsoft.AspNetCore.Components.Authorization;
using Postmortems.Core.Accounts;

namespace Postmortems.Web.Api;

/// <summary>
/// Who a save is recorded as: the signed-in user's name. An API request carries its user; an interactive page has no
/// request of its own, its user is the circuit's authentication state.
/// </summary>
public sealed class CurrentAuthor(IHttpContextAccessor http, IServiceProvider services)
{
    /// <summary>The user of the HTTP request being served (the API, which only lets signed-in users write).</summary>
    public string Name => NameOf(http.HttpContext?.User)
        ?? throw new InvalidOperationException("A write reached the store without a signed-in user: its endpoint lacks an authorization policy.");

    /// <summary>
    /// The interactive page's user when that user may write (an author or an admin), else null: a page checks it
    /// before it writes, since hiding a button does not stop a crafted circuit message from calling its handler.
    /// </summary>
    public async Task<string?> WriterInPageAsync()
    {
        var state = await services.GetRequiredService<AuthenticationStateProvider>().GetAuthenticationStateAsync();
        return state.User.IsInRole(Roles.Author) ? NameOf(state.User) : null;
    }

    private static string? NameOf(System.Security.Claims.ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;
}

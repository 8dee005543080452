using Microsoft.AspNetCore.Components.Authorization;
using Postmortems.Core.Accounts;

namespace Postmortems.Web.Components.Pages.Admin;

/// <summary>
/// The admin a change on the admin page is recorded as. Each handler asks again before it changes anything: the page
/// is for admins only, but hiding a button does not stop a crafted circuit message from calling its handler.
/// </summary>
public static class AdminActor
{
    /// <summary>The signed-in admin's name, or null when the circuit's user is not (or no longer) an admin.</summary>
    public static async Task<string?> NameAsync(Task<AuthenticationState>? authentication)
    {
        if (authentication is null) return null;
        var user = (await authentication).User;
        return user.IsInRole(Roles.Admin) && user.Identity?.Name is { Length: > 0 } name ? name : null;
    }

    public const string NotAnAdmin = "Only an admin can manage users and tokens: sign in as one.";
}

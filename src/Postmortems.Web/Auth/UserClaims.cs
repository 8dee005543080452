using System.Security.Claims;
using Postmortems.Core.Accounts;

namespace Postmortems.Web.Auth;

/// <summary>
/// How a signed-in user is described to ASP.NET Core: the name, one role claim for the user's role and each role
/// below it (so that "author" is satisfied by an admin), and where the user comes from.
/// </summary>
public static class UserClaims
{
    public const string RoleClaim = "postmortems/role";
    public const string SourceClaim = "postmortems/source";
    public const string LocalSource = "local";
    public const string SsoSource = "sso";

    public static ClaimsPrincipal Principal(string name, Role role, string source, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name),
            new(RoleClaim, role.Name()),
            new(SourceClaim, source),
        };
        claims.AddRange(role.AndBelow().Select(r => new Claim(ClaimTypes.Role, r.Name())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The user's own role (not the ones below it), or null for an anonymous user.</summary>
    public static Role? RoleOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Roles.TryParse(user.FindFirstValue(RoleClaim), out var role) ? role : null;
}

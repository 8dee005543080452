using System.Security.Claims;
using Postmortems.Core.Accounts;

namespace Postmortems.Web.Auth;

/// <summary>The role of a user signed in by single sign-on, from the identity provider's role (or group) claim.</summary>
public static class OidcRoles
{
    public static Role Map(ClaimsPrincipal idpUser, OidcSettings settings)
    {
        // A provider may send the claim once with several values or as a JSON array in one claim; both are read.
        var values = idpUser.FindAll(settings.RoleClaim)
            .SelectMany(c => c.Value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => v.Trim('"'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (values.Overlaps(List(settings.AdminValues))) return Role.Admin;
        if (values.Overlaps(List(settings.AuthorValues))) return Role.Author;
        return Role.Reader;
    }

    /// <summary>Our principal for an SSO user: a name from the usual claims, and the mapped role.</summary>
    public static ClaimsPrincipal Principal(ClaimsPrincipal idpUser, OidcSettings settings, string authenticationType)
    {
        var name = idpUser.FindFirstValue("preferred_username") ?? idpUser.FindFirstValue("name")
            ?? idpUser.FindFirstValue("email") ?? idpUser.FindFirstValue(ClaimTypes.Email)
            ?? idpUser.FindFirstValue("sub") ?? idpUser.FindFirstValue(ClaimTypes.NameIdentifier) ?? "sso user";
        return UserClaims.Principal(name, Map(idpUser, settings), UserClaims.SsoSource, authenticationType);
    }

    private static IEnumerable<string> List(string commaSeparated) =>
        commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

using Microsoft.AspNetCore.Authorization;
using Postmortems.Core.Accounts;

namespace Postmortems.Web.Auth;

/// <summary>The authorization policies: every endpoint and page needs one of them (reading is the fallback).</summary>
public static class Policies
{
    public const string Read = "read";

    /// <summary>Writing, reviewing, publishing, importing, ticking action items.</summary>
    public const string Write = Roles.Author;

    /// <summary>Deleting incidents, managing users and tokens.</summary>
    public const string Admin = Roles.Admin;

    public static readonly AuthorizationPolicy ReadPolicy = new AuthorizationPolicyBuilder().AddRequirements(new ReadAccessRequirement()).Build();

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, ReadPolicy);
        options.AddPolicy(Write, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Author));
        options.AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        options.FallbackPolicy = ReadPolicy;
    }
}

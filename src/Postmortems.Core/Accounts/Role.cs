namespace Postmortems.Core.Accounts;

/// <summary>What a user may do; each role may do everything the roles below it may.</summary>
public enum Role
{
    /// <summary>Reads incidents, searches, runs the design check.</summary>
    Reader = 1,

    /// <summary>Writes, reviews, publishes and imports incidents, ticks action items.</summary>
    Author = 2,

    /// <summary>Deletes incidents, manages users and tokens.</summary>
    Admin = 3,
}

public static class Roles
{
    public const string Reader = "reader";
    public const string Author = "author";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<Role> All = [Role.Reader, Role.Author, Role.Admin];

    public static string Name(this Role role) => role switch
    {
        Role.Reader => Reader,
        Role.Author => Author,
        Role.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a role"),
    };

    public static bool TryParse(string? name, out Role role)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }

    /// <summary>The role and every role below it: what an authorization check for any of them should accept.</summary>
    public static IEnumerable<Role> AndBelow(this Role role) => All.Where(r => r <= role);

    public static string Choices => string.Join("|", All.Select(r => r.Name()));
}

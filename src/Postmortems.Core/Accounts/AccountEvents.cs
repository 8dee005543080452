namespace Postmortems.Core.Accounts;

/// <summary>One change to a user or a token: who made it, when, to whom.</summary>
public sealed class AccountEvent
{
    public int Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The signed-in admin, the command's operating-system user, or the setup link.</summary>
    public string Actor { get; set; } = "";

    /// <summary>One of <see cref="AccountActions"/>.</summary>
    public string Action { get; set; } = "";

    /// <summary>The user the change is about.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The rest: the new role, the token's id and label. Never a secret.</summary>
    public string Detail { get; set; } = "";
}

public static class AccountActions
{
    public const string UserAdded = "user added";
    public const string RoleChanged = "role changed";
    public const string PasswordReset = "password reset";
    public const string SignInLinkCreated = "sign-in link created";
    public const string SignInLinkUsed = "sign-in link used";
    public const string TokenCreated = "token created";
    public const string TokenRevoked = "token revoked";
}

/// <summary>A one-time sign-in link, as stored: the SHA-256 of its code, never the code.</summary>
public sealed class SignInLink
{
    /// <summary>The SHA-256 of the code the link carries.</summary>
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>A link just made: <see cref="Code"/> goes in the link, shown once, and is kept nowhere.</summary>
public sealed record NewSignInLink(string Code, DateTimeOffset ExpiresAt);

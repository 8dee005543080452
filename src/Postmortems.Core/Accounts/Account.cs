namespace Postmortems.Core.Accounts;

/// <summary>A local user, as stored. <see cref="Id"/> is the name in lower case, so names are unique whatever their case.</summary>
public sealed class Account
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public Role Role { get; set; }
    public string PasswordHash { get; set; } = "";
    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An API token, as stored: the SHA-256 of its secret, never the secret itself.</summary>
public sealed class ApiToken
{
    /// <summary>The public id that lists show and <c>tokens revoke</c> takes.</summary>
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Label { get; set; } = "";
    public string SecretSha256 { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool Revoked => RevokedAt is not null;
}

/// <summary>A token just created: <see cref="Secret"/> is shown to its owner once and kept nowhere.</summary>
public sealed record NewToken(ApiToken Token, string Secret);

public enum SignInOutcome
{
    SignedIn,
    WrongNameOrPassword,
    LockedOut,
}

/// <param name="Account">The account, when signed in.</param>
/// <param name="LockedUntil">When a locked account may try again.</param>
public sealed record SignInResult(SignInOutcome Outcome, Account? Account = null, DateTimeOffset? LockedUntil = null);

/// <summary>A name that is taken, unknown or malformed, a password too short, a token that does not exist: what a person must fix.</summary>
public sealed class AccountException(string message) : Exception(message);

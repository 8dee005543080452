namespace Postmortems.Web.Auth;

/// <summary>Who may read without signing in (<c>Postmortems:Auth:AnonymousRead</c>).</summary>
public enum AnonymousRead
{
    /// <summary>Requests from this machine only: the README's run command shows the knowledge base with no setup.</summary>
    Loopback,

    /// <summary>Everyone who can reach the app.</summary>
    Anyone,

    /// <summary>Nobody: reading needs a signed-in user too.</summary>
    Nobody,
}

/// <summary>The <c>Postmortems:Auth</c> settings.</summary>
public sealed class AuthSettings
{
    public const string Section = "Postmortems:Auth";

    public AnonymousRead AnonymousRead { get; set; } = AnonymousRead.Loopback;

    public OidcSettings Oidc { get; set; } = new();
}

/// <summary>
/// Single sign-on through OpenID Connect (<c>Postmortems:Auth:Oidc</c>), on when Authority, ClientId and ClientSecret are set.
/// Roles come from the <see cref="RoleClaim"/> claim: a value listed in <see cref="AdminValues"/> or <see cref="AuthorValues"/>
/// (comma-separated) makes an admin or an author; everyone else signed in by SSO reads.
/// </summary>
public sealed record OidcSettings
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string RoleClaim { get; set; } = "roles";
    public string AdminValues { get; set; } = "";
    public string AuthorValues { get; set; } = "";

    /// <summary>The name on the sign-in page's button.</summary>
    public string DisplayName { get; set; } = "single sign-on";

    public bool Enabled =>
        !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}

namespace Postmortems.Web.Auth;

/// <summary>Where to send someone after signing in or out: a path of this app only, so a link cannot bounce them to another site.</summary>
public static class LocalUrl
{
    public static string OrHome(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}

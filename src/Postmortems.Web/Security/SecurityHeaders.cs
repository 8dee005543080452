using System.Security.Cryptography;

namespace Postmortems.Web.Security;

/// <summary>
/// The security headers of every response, the API's and the pages' alike. The Content Security Policy is the second
/// wall behind the Markdown sanitizer: no inline script runs unless it carries this response's nonce, which only the
/// app's own import map does. Styles may be inline because MudBlazor writes style attributes.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "postmortems-csp-nonce";

    /// <summary>The nonce of this response's Content Security Policy, for the app's own inline script elements.</summary>
    public static string? Nonce(HttpContext context) => context.Items[NonceKey] as string;

    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        // Incidents show screenshots from other sites; the sanitizer lets through only http(s) image addresses.
        "img-src 'self' https:; " +
        "font-src 'self'; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "frame-ancestors 'none'; " +
        "form-action 'self'";

    /// <summary>Put first in the pipeline: the headers are set as the response starts, so error pages have them too.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Hex rather than base64: nothing in it for Razor to encode ('+' would become "&#x2B;" in the attribute).
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // Incident ids and search words are in our addresses: another site learns nothing from a link followed.
                headers["Referrer-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
}

using System.Security.Cryptography;
using System.Text;

namespace Postmortems.Web.Webhooks;

/// <summary>As GitHub and Stripe sign theirs: the receiver computes the same HMAC over the raw body and compares.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Postmortems-Signature";

    /// <summary>"sha256=" and the lower-case hex HMAC-SHA256 of the body's UTF-8 bytes under the secret.</summary>
    public static string Of(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>True when the header is the body's signature under the secret (compared in constant time).</summary>
    public static bool Verify(string secret, string body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Of(secret, body)), Encoding.ASCII.GetBytes(header));
}

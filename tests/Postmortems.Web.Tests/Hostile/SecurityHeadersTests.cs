using System.Net;
using System.Text.RegularExpressions;

namespace Postmortems.Web.Tests.Hostile;

/// <summary>The security headers on pages, the API, static files and error answers; the import map carries the page's nonce.</summary>
public sealed partial class SecurityHeadersTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/incidents/2025-04-15-dns-cutover-24h-ttl-dead-vip")]
    [InlineData("/api/search?q=dns")]
    [InlineData("/api/incidents/..%2Fx")]
    [InlineData("/no-such-page")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/app.css")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = factory.CreateClientAs("reader");
        using var response = await client.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        foreach (var directive in new[] { "script-src 'self' 'nonce-", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'", "default-src 'self'" })
            Assert.Contains(directive, csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotMatch("script-src[^;]*unsafe-inline", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task The_import_map_carries_this_responses_nonce_and_a_new_one_each_time()
    {
        using var client = factory.CreateClientAs("reader");
        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.GetAsync("/");
            var nonce = Nonce().Match(Header(response, "Content-Security-Policy")).Groups[1].Value;
            var html = await response.Content.ReadAsStringAsync();
            var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
            Assert.True(head.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", StringComparison.Ordinal), head);
            nonces.Add(nonce);
        }
        Assert.NotEqual(nonces[0], nonces[1]);
        Assert.Equal(32, nonces[0].Length); // 128 random bits
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage!.RequestUri}: no {name} header");

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();
}

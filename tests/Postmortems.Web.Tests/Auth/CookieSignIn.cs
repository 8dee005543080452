using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Postmortems.Web.Tests.Auth;

/// <summary>A browser-like client: keeps cookies, does not follow redirects, signs in through the /signin form.</summary>
internal static partial class CookieSignIn
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"|type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>A client from <paramref name="address"/> (each test its own, so that the sign-in rate limit of one does not meet another's).</summary>
    public static HttpClient Browser(PostmortemsAppFactory factory, string address)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(TestUsers.ClientAddressHeader, address);
        return client;
    }

    /// <summary>The antiforgery token of a page's forms, for this client as it is now (signed in or not).</summary>
    public static async Task<string> AntiforgeryToken(HttpClient client, string page = "/signin")
    {
        var html = await client.GetStringAsync(page);
        var match = AntiforgeryField().Match(html);
        Assert.True(match.Success, $"no antiforgery field on {page}");
        return WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
    }

    public static async Task<HttpResponseMessage> Post(HttpClient client, string name, string password, string? token = null, string path = "/signin")
    {
        token ??= await AntiforgeryToken(client);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = token,
            ["name"] = name,
            ["password"] = password,
        }));
    }

    public static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
}

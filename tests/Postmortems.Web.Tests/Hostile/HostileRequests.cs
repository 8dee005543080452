using System.Net;

namespace Postmortems.Web.Tests.Hostile;

internal static class HostileRequests
{
    /// <summary>Sends the case's request as it is written: the path is not normalized (no "%2e%2e" turned into a parent folder).</summary>
    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HostileCase hostile)
    {
        using var request = new HttpRequestMessage(hostile.Method, new Uri(client.BaseAddress!, new Uri(hostile.Path, UriKind.Relative)))
        {
            Content = hostile.Body(),
        };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

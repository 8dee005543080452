using System.Net;
using System.Text.Json.Nodes;

namespace Postmortems.Web.Tests.Health;

/// <summary>An answer of /health/ready or /health/live: its status code, and each check's status and description.</summary>
internal sealed record HealthAnswer(HttpStatusCode Code, string Status, IReadOnlyDictionary<string, (string Status, string Description)> Checks)
{
    public static async Task<HealthAnswer> Get(HttpClient client, string path = "/health/ready")
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonNode.Parse(body)!;
        var checks = json["checks"]!.AsArray().ToDictionary(
            c => c!["name"]!.GetValue<string>(),
            c => (c!["status"]!.GetValue<string>(), c["description"]?.GetValue<string>() ?? ""));
        return new HealthAnswer(response.StatusCode, json["status"]!.GetValue<string>(), checks);
    }

    public override string ToString() =>
        $"{(int)Code} {Status}: " + string.Join("; ", Checks.Select(c => $"{c.Key} {c.Value.Status} ({c.Value.Description})"));
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Postmortems.Web.Tests.Api;

/// <summary>Requests to the API, and what tests read from the answers.</summary>
internal static class ApiClient
{
    public static StringContent Markdown(string text, string mediaType = "text/markdown") =>
        new(text, Encoding.UTF8, mediaType);

    public static async Task<HttpResponseMessage> Put(HttpClient client, string id, string markdown, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/incidents/{id}") { Content = Markdown(markdown) };
        configure?.Invoke(request);
        return await client.SendAsync(request);
    }

    public static void IfMatch(HttpRequestMessage request, string value) => request.Headers.TryAddWithoutValidation("If-Match", value);

    public static async Task<JsonNode> Json(HttpResponseMessage response, HttpStatusCode expected, string mediaType = "application/json")
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!;
    }

    /// <summary>A problem+json answer with that status, which never carries a stack trace or an exception's type.</summary>
    public static async Task<JsonNode> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await Json(response, expected, "application/problem+json");
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        var text = problem.ToJsonString();
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
        return problem;
    }

    public static string Detail(JsonNode problem) => problem["detail"]?.GetValue<string>() ?? "";

    public static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static EntityTagHeaderValue? ETag(HttpResponseMessage response) => response.Headers.ETag;
}

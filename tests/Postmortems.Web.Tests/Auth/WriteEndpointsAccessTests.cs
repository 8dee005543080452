using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Tests.Auth;

/// <summary>
/// Every operation of the OpenAPI document that is not a read must refuse anonymous callers (401) and readers (403),
/// and the admin-only ones authors too, changing nothing. Enumerated from the document, so that a new endpoint
/// cannot slip through without a policy.
/// </summary>
public sealed class WriteEndpointsAccessTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    /// <summary>Operations that are not GET but change nothing, with the reason.</summary>
    private static readonly Dictionary<string, string> ReadOnlyOperations = new()
    {
        ["POST /api/design-check"] = "checks a design text against the incidents and stores nothing; a reader may run it",
    };

    /// <summary>Operations only an admin may call.</summary>
    private static readonly HashSet<string> AdminOperations = ["DELETE /api/incidents/{id}"];

    private static readonly HashSet<string> ReadMethods = ["get", "head", "options", "trace"];

    private IncidentStore Store => factory.Services.GetRequiredService<IncidentStore>();

    private async Task<(List<(string Method, string Path, string? MediaType)> Writes, HashSet<string> All)> Operations()
    {
        using var client = factory.CreateClient();
        var document = (await client.GetFromJsonAsync<JsonNode>("/openapi/v1.json"))!;
        var writes = new List<(string, string, string?)>();
        var all = new HashSet<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description" or "servers") continue;
                all.Add($"{method.ToUpperInvariant()} {path}");
                if (ReadMethods.Contains(method) || ReadOnlyOperations.ContainsKey($"{method.ToUpperInvariant()} {path}")) continue;
                var mediaType = operation!["requestBody"]?["content"]?.AsObject().Select(c => c.Key).FirstOrDefault();
                writes.Add((method.ToUpperInvariant(), path, mediaType));
            }
        }
        return (writes, all);
    }

    /// <summary>A request that would really change the store if it were let through: a real incident, a real action item.</summary>
    private HttpRequestMessage Request(string method, string path, string? mediaType)
    {
        var incident = Store.All().First(i => i.ActionItems.Count > 0);
        var url = path.Replace("{id}", incident.Id).Replace("{incidentId}", incident.Id)
            .Replace("{line}", incident.ActionItems[0].Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Content = mediaType switch
        {
            null => null,
            "application/json" => JsonContent.Create(new { done = !incident.ActionItems[0].Done }),
            _ => new StringContent(incident.Markdown + "\nChanged by a caller who may not.\n", Encoding.UTF8, mediaType),
        };
        return request;
    }

    [Fact]
    public async Task The_allow_list_of_read_only_operations_names_operations_that_exist()
    {
        var (writes, all) = await Operations();

        Assert.All(ReadOnlyOperations.Keys, operation => Assert.Contains(operation, all));
        Assert.All(AdminOperations, operation => Assert.Contains(operation, all));
        Assert.True(writes.Count >= 3, $"only {writes.Count} write operations found: {string.Join(", ", writes)}");
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("reader", HttpStatusCode.Forbidden)]
    public async Task Every_write_refuses_anonymous_callers_and_readers_and_changes_nothing(string? role, HttpStatusCode expected)
    {
        var (writes, _) = await Operations();
        using var client = role is null ? factory.CreateClient() : factory.CreateClientAs(role);
        var generation = Store.Generation;

        foreach (var (method, path, mediaType) in writes)
        {
            using var request = Request(method, path, mediaType);
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == expected, $"{method} {path} as {role ?? "anonymous"}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(role is null ? "needs a signed-in user" : "this needs the", body);
        }
        Assert.Equal(generation, Store.Generation);
    }

    [Fact]
    public async Task Admin_only_writes_refuse_authors_and_change_nothing()
    {
        var (writes, _) = await Operations();
        using var client = factory.CreateClientAs("author");
        var generation = Store.Generation;

        foreach (var (method, path, mediaType) in writes.Where(w => AdminOperations.Contains($"{w.Method} {w.Path}")))
        {
            using var request = Request(method, path, mediaType);
            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("this needs the admin role", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(generation, Store.Generation);
    }

    [Fact]
    public async Task The_document_describes_the_bearer_token_and_the_401_and_403_of_writes()
    {
        using var client = factory.CreateClient();
        var document = (await client.GetFromJsonAsync<JsonNode>("/openapi/v1.json"))!;

        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        var put = document["paths"]!["/api/incidents/{id}"]!["put"]!["responses"]!.AsObject();
        Assert.True(put.ContainsKey("401") && put.ContainsKey("403"));
    }

    [Fact]
    public async Task The_read_only_post_is_open_to_a_reader()
    {
        using var client = factory.CreateClientAs("reader");

        using var response = await client.PostAsync("/api/design-check", new StringContent("A retry policy for the payments client.", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

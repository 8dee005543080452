using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Postmortems.Core.Accounts;
using Postmortems.Core.Format;
using Postmortems.Web.Tests.Retro;

namespace Postmortems.Web.Tests.Actions;

/// <summary>GET /api/actions and ticking an item over HTTP, on the retro fixture.</summary>
public sealed class ActionsHttpTests(RetroAppFactory factory) : IClassFixture<RetroAppFactory>
{
    private static async Task<(HttpStatusCode Status, string? MediaType, JsonNode Body)> Send(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static HttpRequestMessage Tick(string id, int line, bool done, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/actions/{id}/{line}") { Content = JsonContent.Create(new { done }) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    private static async Task<string> Markdown(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonNode>($"/api/incidents/{id}"))!["markdown"]!.GetValue<string>();

    private static List<string> Texts(JsonNode answer) => answer["items"]!.AsArray().Select(i => i!["text"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Lists_items_with_the_page_s_filters_and_counts()
    {
        using var client = factory.Client();

        // Team payments: the items the other tests here do not tick.
        var (status, _, all) = await Send(client, new HttpRequestMessage(HttpMethod.Get, "/api/actions?status=published&team=payments"));
        var (_, _, bobs) = await Send(client, new HttpRequestMessage(HttpMethod.Get, "/api/actions?owner=@bob&state=open"));
        var (_, _, overdue) = await Send(client, new HttpRequestMessage(HttpMethod.Get, "/api/actions?overdue=true&team=payments&limit=1"));
        var (_, _, noGap) = await Send(client, new HttpRequestMessage(HttpMethod.Get, "/api/actions?gap=none&owner=bob"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((6, 4, 2, 3), (all["total"]!.GetValue<int>(), all["open"]!.GetValue<int>(), all["done"]!.GetValue<int>(), all["overdue"]!.GetValue<int>()));
        Assert.Equal("2025-07-15", all["today"]!.GetValue<string>());
        Assert.Equal(["Draft item", "Load test the batch", "Write the runbook"], Texts(bobs));
        Assert.Equal(4, overdue["total"]!.GetValue<int>());
        var first = overdue["items"]![0]!;
        Assert.Equal(("d-draft", "Draft item", true), (first["incidentId"]!.GetValue<string>(), first["text"]!.GetValue<string>(), first["overdue"]!.GetValue<bool>()));
        Assert.Equal(1, first["revision"]!.GetValue<int>());
        Assert.Equal(["Draft item", "Write the runbook", "Fix the pool size"], Texts(noGap));
    }

    [Theory]
    [InlineData("state=later", "State 'later' is unknown. Use one of: any, open, done.")]
    [InlineData("gap=load-testng", "Gap 'load-testng' is unknown. Did you mean 'load-testing'? Use a gap id, or 'none' for items without one.")]
    [InlineData("status=final", "Status 'final' is unknown. Use one of: draft, in-review, published, imported.")]
    [InlineData("limit=501", "limit must be from 0 to 500 (got 501).")]
    [InlineData("overdue=true&state=done", "overdue=true lists open items, so it cannot go with state=done.")]
    public async Task A_bad_filter_is_a_400_that_says_what_is_wrong(string query, string detail)
    {
        using var client = factory.Client();

        var (status, mediaType, problem) = await Send(client, new HttpRequestMessage(HttpMethod.Get, $"/api/actions?{query}"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal(detail, problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ticking_over_http_changes_exactly_one_line_of_the_markdown()
    {
        using var client = factory.ClientAs("author");
        var (_, _, listed) = await Send(client, new HttpRequestMessage(HttpMethod.Get, "/api/actions?owner=dan"));
        var item = listed["items"]![0]!;
        var line = item["line"]!.GetValue<int>();
        var before = await Markdown(client, "b-no-gap");

        var (status, _, answer) = await Send(client, Tick("b-no-gap", line, done: true, ifMatch: $"\"{item["revision"]}\""));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("saved", 2), (answer["outcome"]!.GetValue<string>(), answer["revision"]!.GetValue<int>()));
        var after = await Markdown(client, "b-no-gap");
        AssertOneLineChanged(before, after, line, "- [x] Name the gap @dan due:2025-08-01");
        var revisions = (await client.GetFromJsonAsync<JsonNode>("/api/incidents/b-no-gap/revisions"))!["items"]!.AsArray();
        Assert.Equal(TestUsers.NameFor(Role.Author), revisions[^1]!["author"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tick_over_a_revision_someone_changed_meanwhile_is_a_412_and_saves_nothing()
    {
        using var client = factory.ClientAs("author");
        var stored = factory.Store.Get("c-load")!;
        var item = stored.ActionItems.Single(a => a.Text == "Alert on pool saturation");
        factory.Store.Save(IncidentDocument.Parse(stored.Markdown.Replace("What happened in c-load.", "Someone rewrote the summary.")), "bob");
        var changed = await Markdown(client, "c-load");

        var (status, mediaType, problem) = await Send(client, Tick("c-load", item.Line, done: true, ifMatch: $"\"{stored.Revision}\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Contains("bob changed incident 'c-load'", problem["detail"]!.GetValue<string>());
        Assert.Contains("Nothing was saved", problem["detail"]!.GetValue<string>());
        Assert.Equal(stored.Revision + 1, problem["currentRevision"]!.GetValue<int>());
        Assert.Equal(changed, await Markdown(client, "c-load"));
    }

    [Fact]
    public async Task Unknown_incidents_and_lines_that_are_not_items_say_so()
    {
        using var client = factory.ClientAs("author");

        var (missing, _, notFound) = await Send(client, Tick("no-such-incident", 3, true));
        var (notItem, _, badRequest) = await Send(client, Tick("a-two-gaps", 2, true));
        using var noBody = new HttpRequestMessage(HttpMethod.Put, "/api/actions/a-two-gaps/20") { Content = JsonContent.Create(new { }) };
        var (empty, _, emptyProblem) = await Send(client, noBody);

        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("There is no incident with id 'no-such-incident'.", notFound["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, notItem);
        Assert.StartsWith("Line 2 of incident 'a-two-gaps' is not an action item", badRequest["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Contains("{\"done\": true}", emptyProblem["detail"]!.GetValue<string>());
    }

    /// <summary>The two texts differ in exactly one line, which now reads <paramref name="expected"/>; every other byte is equal.</summary>
    internal static void AssertOneLineChanged(string before, string after, int line, string expected)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        Assert.Equal(a.Length, b.Length);
        Assert.Equal([line - 1], Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]));
        Assert.Equal(expected, b[line - 1]);
        var start = a.Take(line - 1).Sum(l => l.Length + 1);
        Assert.Equal(Encoding.UTF8.GetBytes(before[..start]), Encoding.UTF8.GetBytes(after[..start]));
        Assert.Equal(Encoding.UTF8.GetBytes(before[(start + a[line - 1].Length)..]), Encoding.UTF8.GetBytes(after[(start + b[line - 1].Length)..]));
    }
}

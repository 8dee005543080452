using System.Net;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Accounts;
using Postmortems.Core.Storage;
using Postmortems.Web.Api;
using Postmortems.Web.Tests.Write;
using static Postmortems.Web.Tests.Api.ApiClient;

namespace Postmortems.Web.Tests.Api;

/// <summary>PUT and DELETE, each test on incidents of its own (ids no other test uses).</summary>
public sealed class WriteApiTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private IncidentStore Store => factory.Services.GetRequiredService<IncidentStore>();

    [Fact]
    public async Task Put_creates_an_incident_and_keeps_its_markdown_byte_for_byte()
    {
        const string id = "2026-03-01-put-creates";
        var markdown = "\uFEFF" + Samples.Complete(id).Replace("\n", "\r\n") + "<!-- a comment -->\r\n";
        using var client = factory.CreateClientAs("author");

        using var created = await Put(client, id, markdown);

        var answer = await Json(created, HttpStatusCode.Created);
        Assert.Equal($"/api/incidents/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", ETag(created)!.Tag);
        Assert.Equal(id, answer["id"]!.GetValue<string>());
        Assert.Equal("published", answer["status"]!.GetValue<string>());
        Assert.Equal(1, answer["revision"]!.GetValue<int>());
        Assert.Equal(TestUsers.NameFor(Role.Author), answer["updatedBy"]!.GetValue<string>());
        Assert.Equal(["config", "scale"], Strings(answer["differences"]));
        Assert.False(answer.AsObject().ContainsKey("markdown"));

        using var read = await client.GetAsync($"/api/incidents/{id}");
        Assert.Equal(markdown, (await Json(read, HttpStatusCode.OK))["markdown"]!.GetValue<string>());
        Assert.Equal(markdown, Store.Get(id)!.Markdown);
    }

    [Fact]
    public async Task Put_updates_over_the_revision_it_names_and_refuses_a_stale_one_with_412()
    {
        const string id = "2026-03-02-put-updates";
        using var client = factory.CreateClientAs("author");
        (await Put(client, id, Samples.Complete(id))).Dispose();

        using var updated = await Put(client, id, Samples.Complete(id, extra: " First change."), r => IfMatch(r, "\"1\""));
        var answer = await Json(updated, HttpStatusCode.OK);
        Assert.Equal(2, answer["revision"]!.GetValue<int>());
        Assert.Equal("\"2\"", ETag(updated)!.Tag);

        using var stale = await Put(client, id, Samples.Complete(id, extra: " Based on revision 1."), r => IfMatch(r, "\"1\""));
        var problem = await Problem(stale, HttpStatusCode.PreconditionFailed);
        Assert.Contains("Nothing was saved", Detail(problem));
        Assert.Contains($"saved by {TestUsers.NameFor(Role.Author)}", Detail(problem));
        Assert.Contains("(revision 2) after you started editing revision 1", Detail(problem));
        Assert.Equal(2, problem["currentRevision"]!.GetValue<int>());
        Assert.Equal(Samples.Complete(id, extra: " First change."), Store.Get(id)!.Markdown);

        using var same = await Put(client, id, Samples.Complete(id, extra: " First change."), r => IfMatch(r, "\"2\""));
        Assert.Equal(2, (await Json(same, HttpStatusCode.OK))["revision"]!.GetValue<int>()); // unchanged: no new revision
    }

    [Fact]
    public async Task Two_authors_who_read_the_same_revision_cannot_overwrite_each_other_and_a_put_without_if_match_is_a_428()
    {
        const string id = "2026-03-02-put-lost-update";
        using var client = factory.CreateClientAs("author");
        (await Put(client, id, Samples.Complete(id))).Dispose();
        using var read = await client.GetAsync($"/api/incidents/{id}");
        var etag = ETag(read)!.Tag.ToString();

        using var blind = await Put(client, id, Samples.Complete(id, extra: " Without If-Match."));
        var required = await Problem(blind, HttpStatusCode.PreconditionRequired);
        Assert.Contains($"GET /api/incidents/{id}, then PUT with its ETag in If-Match", Detail(required));
        Assert.Contains("Nothing was saved", Detail(required));

        using var first = await Put(client, id, Samples.Complete(id, extra: " Alice's change."), r => IfMatch(r, etag));
        await Json(first, HttpStatusCode.OK);
        using var second = await Put(client, id, Samples.Complete(id, extra: " Bob's change."), r => IfMatch(r, etag));
        await Problem(second, HttpStatusCode.PreconditionFailed);
        Assert.Equal(Samples.Complete(id, extra: " Alice's change."), Store.Get(id)!.Markdown);
        Assert.Equal(2, Store.Get(id)!.Revision);
    }

    [Fact]
    public async Task The_openapi_document_says_an_update_needs_if_match_and_lists_428_and_507()
    {
        using var client = factory.CreateClient();
        var put = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!["paths"]!["/api/incidents/{id}"]!["put"]!;

        Assert.Contains("Changing an existing incident requires `If-Match`", put["description"]!.GetValue<string>());
        Assert.NotNull(put["responses"]!["428"]);
        Assert.NotNull(put["responses"]!["507"]);
    }

    [Fact]
    public async Task Star_preconditions_create_only_or_update_only()
    {
        const string id = "2026-03-03-put-star";
        using var client = factory.CreateClientAs("author");

        using var updateMissing = await Put(client, id, Samples.Complete(id), r => IfMatch(r, "*"));
        Assert.Contains("there is no incident '2026-03-03-put-star'", Detail(await Problem(updateMissing, HttpStatusCode.PreconditionFailed)));

        using var create = await Put(client, id, Samples.Complete(id), r => r.Headers.TryAddWithoutValidation("If-None-Match", "*"));
        await Json(create, HttpStatusCode.Created);

        using var createAgain = await Put(client, id, Samples.Complete(id, extra: " Again."), r => r.Headers.TryAddWithoutValidation("If-None-Match", "*"));
        await Problem(createAgain, HttpStatusCode.PreconditionFailed);

        using var update = await Put(client, id, Samples.Complete(id, extra: " Again."), r => IfMatch(r, "*"));
        await Json(update, HttpStatusCode.OK);

        using var badTag = await Put(client, id, Samples.Complete(id), r => IfMatch(r, "\"latest\""));
        Assert.Contains("If-Match: \"3\"", Detail(await Problem(badTag, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task An_invalid_incident_is_a_400_listing_every_problem_with_line_and_fix_and_nothing_is_saved()
    {
        const string id = "2026-03-04-put-invalid";
        var markdown = Samples.Complete(id)
            .Replace("severity: sev2", "severity: sev5")
            .Replace("id: config-review", "id: config-reveiw")
            .Replace("## Impact\n\nOne order in five failed.\n\n", "");
        using var client = factory.CreateClientAs("author");

        using var response = await Put(client, id, markdown);

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Equal("The incident has 3 problems", problem["title"]!.GetValue<string>());
        var problems = problem["problems"]!.AsArray().Select(p => p!.AsObject()).ToList();
        Assert.Equal(3, problems.Count);
        Assert.Equal(5, problems[0]["line"]!.GetValue<int>());
        Assert.Contains("Severity 'sev5' is unknown", problems[0]["message"]!.GetValue<string>());
        Assert.Contains("sev1 is the worst", problems[0]["fix"]!.GetValue<string>());
        Assert.Equal(10, problems[1]["line"]!.GetValue<int>());
        Assert.Contains("Did you mean 'config-review'?", problems[1]["fix"]!.GetValue<string>());
        Assert.Contains("Required section '## Impact' is missing", problems[2]["message"]!.GetValue<string>());
        Assert.All(problems, p => Assert.False(p["warning"]!.GetValue<bool>()));
        Assert.Null(Store.Get(id));
    }

    [Fact]
    public async Task The_id_in_the_url_must_be_the_front_matters()
    {
        using var client = factory.CreateClientAs("author");

        using var response = await Put(client, "2026-03-05-url-id", Samples.Complete("2026-03-05-front-matter-id"));

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        var only = Assert.Single(problem["problems"]!.AsArray())!;
        Assert.Equal(2, only["line"]!.GetValue<int>());
        Assert.Contains("The front matter's id '2026-03-05-front-matter-id' is not the id in the URL, '2026-03-05-url-id'", only["message"]!.GetValue<string>());
        Assert.Null(Store.Get("2026-03-05-url-id"));
        Assert.Null(Store.Get("2026-03-05-front-matter-id"));
    }

    [Fact]
    public async Task Front_matter_the_yaml_reader_chokes_on_is_a_400_not_a_500()
    {
        const string id = "2026-03-06-broken-yaml";
        using var client = factory.CreateClientAs("author");

        using var response = await Put(client, id, Samples.Draft(id).Replace("severity: sev2", "severity: [sev2"));

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains("not valid YAML", problem["problems"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(5, problem["problems"]![0]!["line"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_body_must_be_utf8_markdown_of_at_most_one_megabyte()
    {
        const string id = "2026-03-07-body-rules";
        using var client = factory.CreateClientAs("author");
        var huge = Samples.Draft(id) + new string('x', 1024 * 1024);

        using var json = await client.PutAsync($"/api/incidents/{id}", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Contains("Content-Type: text/markdown", Detail(await Problem(json, HttpStatusCode.UnsupportedMediaType)));

        using var tooLarge = await client.PutAsync($"/api/incidents/{id}", Markdown(huge));
        Assert.Contains("larger than 1 MB", Detail(await Problem(tooLarge, HttpStatusCode.RequestEntityTooLarge)));

        // Without a Content-Length, the body is counted as it is read.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new("text/markdown");
        using var tooLargeChunked = await client.PutAsync($"/api/incidents/{id}", chunked);
        await Problem(tooLargeChunked, HttpStatusCode.RequestEntityTooLarge);

        var latin1 = new ByteArrayContent([.. Encoding.UTF8.GetBytes(Samples.Draft(id)), 0xE9, 0x0A]);
        latin1.Headers.ContentType = new("text/markdown");
        using var notUtf8 = await client.PutAsync($"/api/incidents/{id}", latin1);
        Assert.Contains("UTF-8", Detail(await Problem(notUtf8, HttpStatusCode.BadRequest)));

        Assert.Null(Store.Get(id));
    }

    [Fact]
    public async Task Delete_removes_the_incident_and_keeps_its_history()
    {
        const string id = "2026-03-08-delete-me";
        using var client = factory.CreateClientAs("admin");
        (await Put(client, id, Samples.Complete(id))).Dispose();

        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"/api/incidents/{id}");
        IfMatch(stale, "\"7\"");
        using var refused = await client.SendAsync(stale);
        Assert.Contains("Nothing was deleted", Detail(await Problem(refused, HttpStatusCode.PreconditionFailed)));

        using var deleted = await client.DeleteAsync($"/api/incidents/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var gone = await client.GetAsync($"/api/incidents/{id}");
        await Problem(gone, HttpStatusCode.NotFound);
        using var again = await client.DeleteAsync($"/api/incidents/{id}");
        await Problem(again, HttpStatusCode.NotFound);

        using var history = await client.GetAsync($"/api/incidents/{id}/revisions");
        var revisions = (await Json(history, HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal(2, revisions.Count);
        Assert.True(revisions[1]!["deleted"]!.GetValue<bool>());
        Assert.Equal(TestUsers.NameFor(Role.Admin), revisions[1]!["author"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unexpected_error_is_a_500_problem_with_a_trace_id_and_nothing_of_the_exception()
    {
        using var app = new PostmortemsAppFactory();
        using var failing = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddScoped<CurrentAuthor>(_ => throw new InvalidOperationException("secret connection string"))));
        using var client = new TestUsers(() => failing.Services).Authorize(failing.CreateClient(), "admin");

        using var response = await client.DeleteAsync("/api/incidents/anything");

        var problem = await Problem(response, HttpStatusCode.InternalServerError);
        Assert.Equal("An unexpected error occurred", problem["title"]!.GetValue<string>());
        Assert.Contains("trace id", Detail(problem));
        Assert.DoesNotContain("secret", problem.ToJsonString());
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Storage;
using Xunit.Abstractions;

namespace Postmortems.Web.Tests.Hostile;

/// <summary>The hostile corpus against the real HTTP pipeline, each case as an author (or the role it names), so that
/// the limits are proven past sign-in and authorization.</summary>
public sealed class HostileCorpusTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    private static readonly Dictionary<string, HostileCase> Cases = HostileCorpus.All().ToDictionary(c => c.Name);

    public static TheoryData<string> Names() => [.. Cases.Keys];

    private IncidentStore Store => factory.Services.GetRequiredService<IncidentStore>();

    [Fact]
    public void The_corpus_has_at_least_50_named_cases_of_each_kind()
    {
        Assert.True(Cases.Count >= 50, $"{Cases.Count} cases");
        foreach (var kind in new[] { "xss", "size", "shape", "yaml", "markdown", "id", "query", "design" })
            Assert.Contains(Cases.Keys, name => name.StartsWith(kind + ":", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_hostile_request_gets_its_safe_answer(string name)
    {
        var hostile = Cases[name];
        var countBefore = Store.Count();
        using var client = factory.CreateClientAs(hostile.Role);

        var (status, body) = await HostileRequests.SendAsync(client, hostile);

        Assert.True(status == hostile.Status, $"{name}: expected {(int)hostile.Status}, got {(int)status}: {body[..Math.Min(600, body.Length)]}");
        Assert.True(body.Contains(hostile.Says, StringComparison.Ordinal), $"{name}: the answer does not say '{hostile.Says}': {body[..Math.Min(600, body.Length)]}");
        Assert.DoesNotContain("   at ", body);
        if (hostile.RenderedId is { } id)
        {
            Assert.NotNull(Store.Get(id));
            using var page = await client.GetAsync($"/incidents/{id}");
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var dangers = HostilePage.Dangers(html);
            Assert.True(dangers.Count == 0, string.Join("\n", dangers));
        }
        else
        {
            Assert.Equal(countBefore, Store.Count());
            if (hostile.Method == HttpMethod.Put && hostile.Path.Split('/')[^1] is var last && last.StartsWith("2026-06-", StringComparison.Ordinal))
                Assert.Null(Store.Get(last));
        }
    }

    [Fact]
    public async Task Pages_and_search_snippets_with_every_xss_payload_stay_inert()
    {
        using var client = factory.CreateClientAs("author");
        foreach (var hostile in Cases.Values.Where(c => c.RenderedId is not null))
            await HostileRequests.SendAsync(client, hostile);

        foreach (var path in new[] { "/?q=pwned", "/?q=window", "/?q=script", "/incidents" })
        {
            using var page = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var dangers = HostilePage.Dangers(await page.Content.ReadAsStringAsync(), ".hit-snippet");
            Assert.True(dangers.Count == 0, $"{path}: {string.Join("\n", dangers)}");
        }
        var someId = Cases.Values.First(c => c.RenderedId is not null).RenderedId!;
        using var history = await client.GetAsync($"/incidents/{someId}/history");
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        var historyDangers = HostilePage.Dangers(await history.Content.ReadAsStringAsync(), ".history-diff");
        Assert.True(historyDangers.Count == 0, string.Join("\n", historyDangers));
    }

    [Fact]
    public async Task A_page_address_that_is_a_path_finds_nothing()
    {
        using var client = factory.CreateClientAs("reader");
        foreach (var path in new[] { "/incidents/..%2F..%2Fetc%2Fpasswd", "/incidents/%2Fetc%2Fpasswd/history", "/gaps/..%2F..%2Fappsettings.json" })
        {
            using var page = await client.GetAsync(path);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.DoesNotContain("root:", html);
            Assert.DoesNotContain("ConnectionStrings", html);
        }
    }
}

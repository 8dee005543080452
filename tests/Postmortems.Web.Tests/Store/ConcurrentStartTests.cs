using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Tests;
using Postmortems.Web.Tests.Write;
using static Postmortems.Web.Tests.Api.ApiClient;

namespace Postmortems.Web.Tests.Store;

/// <summary>
/// Many authors at once right after a fresh start, when nothing in the store has been read or written yet: every
/// field the store keeps must be what the Markdown says (LiteDB's cold type mapping once lost action items' fields).
/// </summary>
public sealed class ConcurrentStartTests
{
    private const int Writers = 24;
    private const int Starts = 3;

    private static string Incident(int start, int writer) =>
        Samples.Complete($"2026-05-{1 + writer % 28:00}-start-race-{start}-{writer}")
            .Replace("- [ ] Make pool size required @carol due:2026-04-01 gap:config-review",
                $"- [ ] Make pool size required @owner{writer} due:2026-04-{1 + writer % 28:00} gap:config-review\n" +
                $"- [x] Alert on pool saturation @second{writer} due:2026-06-{1 + writer % 28:00} gap:load-testing")
            .Replace("services: [checkout]", $"services: [checkout, svc-{writer}]\nteams: [team-{writer}]\ntags: [tag-{writer}]");

    [Fact]
    public async Task Writers_racing_at_a_fresh_start_each_store_every_field_their_markdown_says()
    {
        using var data = new TempDirectory();
        // The first start seeds the store, which maps every stored type on one thread; a restart maps nothing before
        // the first request, as after a deploy on an existing data directory.
        using (var seeding = PostmortemsAppFactory.OnDataDirectory(data.Path)) seeding.Services.GetRequiredService<IncidentStore>();
        try
        {
            for (var start = 0; start < Starts; start++)
            {
                DataDirectories.WaitUntilReleased(data.Path);
                using var factory = PostmortemsAppFactory.OnDataDirectory(data.Path);
                var clients = Enumerable.Range(0, Writers).Select(_ => factory.CreateClientAs("author")).ToList();
                var texts = Enumerable.Range(0, Writers).Select(writer => Incident(start, writer)).ToList();
                using var go = new ManualResetEventSlim();

                var puts = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
                {
                    go.Wait();
                    var id = IncidentDocument.Parse(texts[writer]).Incident.Id!;
                    using var response = await Put(clients[writer], id, texts[writer]);
                    return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
                })).ToList();
                go.Set();
                var answers = await Task.WhenAll(puts);

                Assert.All(answers, answer => Assert.True(answer.StatusCode == HttpStatusCode.Created, $"start {start}: {(int)answer.StatusCode} {answer.Body}"));
                var store = factory.Services.GetRequiredService<IncidentStore>();
                foreach (var text in texts)
                {
                    var expected = IncidentDocument.Parse(text).Incident;
                    var stored = store.Get(expected.Id!)!;
                    Assert.Equal(text, stored.Markdown);
                    Assert.Equal(
                        expected.ActionItems.Select(a => (a.Text, a.Done, a.Owner, a.Due, a.Gap, a.Line)),
                        stored.ActionItems.Select(a => (a.Text, a.Done, a.Owner, a.Due, a.Gap, a.Line)));
                    Assert.Equal(expected.Services, stored.Services);
                    Assert.Equal(expected.Teams, stored.Teams);
                    Assert.Equal(expected.Tags, stored.Tags);
                    Assert.Equal(expected.Gaps.Select(g => g.Id), stored.Gaps);
                    Assert.Equal(expected.Differences, stored.Differences);
                    Assert.Equal((expected.Title, expected.Severity, expected.Status, expected.Date), (stored.Title, stored.Severity, stored.Status, stored.Date));
                    Assert.Equal(1, stored.Revision);
                }
                foreach (var client in clients) client.Dispose();
            }
        }
        finally
        {
            DataDirectories.WaitUntilReleased(data.Path);
        }
    }
}

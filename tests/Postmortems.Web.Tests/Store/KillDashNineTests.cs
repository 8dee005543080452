using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Postmortems.Tests;
using Postmortems.Web.Tests.Write;
using static Postmortems.Web.Tests.Api.ApiClient;

namespace Postmortems.Web.Tests.Store;

/// <summary>
/// The real app process killed with -9 while writers are saving, then started again on the same data directory, a few
/// times over: every write it acknowledged is there with the same fields and found by search, with no manual reindex
/// (at start, the index's generation is checked against the store's and a stale index rebuilt).
/// </summary>
public sealed class KillDashNineTests
{
    private const int Rounds = 3;
    private const int Writers = 8;

    /// <summary>A 201 the app answered: the text sent, the fields answered, the word only this incident has.</summary>
    private sealed record Acked(string Id, string Markdown, JsonObject Answer, string Word);

    [Fact]
    public async Task Every_acknowledged_write_survives_kill_dash_9_and_is_found_by_search_after_the_restart()
    {
        using var data = new TempDirectory();
        var token = AppProcess.CreateAuthorToken(data.Path);
        var acked = new ConcurrentDictionary<string, Acked>();

        for (var round = 0; round < Rounds; round++)
        {
            using var app = await AppProcess.Start(data.Path, TimeSpan.FromMinutes(2));
            await AssertAllPresentAndSearchable(app, acked.Values, $"after restart {round}");

            // Killed once this round's writers have had some writes acknowledged, while they go on writing.
            var enough = acked.Count + 12 + 4 * round;
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                for (var n = 0; ; n++)
                {
                    var id = $"2026-08-{1 + writer:00}-killed-r{round}-w{writer}-{n}";
                    var word = $"killword{round}x{writer}x{n}";
                    var markdown = Samples.Complete(id, extra: $" Marker {word}.");
                    HttpResponseMessage response;
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/incidents/{id}") { Content = Markdown(markdown) };
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                        response = await app.Client.SendAsync(request);
                    }
                    catch (HttpRequestException)
                    {
                        return; // the app is gone: this write was never acknowledged
                    }
                    using (response)
                    {
                        string body;
                        try
                        {
                            body = await response.Content.ReadAsStringAsync();
                        }
                        catch (HttpRequestException)
                        {
                            return;
                        }
                        Assert.True(response.StatusCode == HttpStatusCode.Created, $"PUT {id}: {(int)response.StatusCode} {body}");
                        acked[id] = new Acked(id, markdown, JsonNode.Parse(body)!.AsObject(), word);
                        if (acked.Count >= enough) reached.TrySetResult();
                    }
                }
            })).ToList();

            var firstDone = await Task.WhenAny(reached.Task, Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2)));
            await firstDone; // a writer's failed assertion surfaces here
            app.Kill();
            await Task.WhenAll(writers);
        }

        using var last = await AppProcess.Start(data.Path, TimeSpan.FromMinutes(2));
        Assert.True(acked.Count >= Rounds * 12, $"only {acked.Count} writes were acknowledged");
        await AssertAllPresentAndSearchable(last, acked.Values, "after the last restart");
    }

    private static async Task AssertAllPresentAndSearchable(AppProcess app, ICollection<Acked> writes, string when)
    {
        var problems = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(writes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (write, _) =>
        {
            using var read = await app.Client.GetAsync($"/api/incidents/{write.Id}");
            var body = await read.Content.ReadAsStringAsync();
            if (read.StatusCode != HttpStatusCode.OK)
            {
                problems.Add($"{write.Id}: GET answered {(int)read.StatusCode} {body}");
                return;
            }
            var stored = JsonNode.Parse(body)!.AsObject();
            if (stored["markdown"]?.GetValue<string>() != write.Markdown) problems.Add($"{write.Id}: the Markdown differs from what was acknowledged");
            stored.Remove("markdown");
            if (!JsonNode.DeepEquals(stored, write.Answer)) problems.Add($"{write.Id}: fields {stored.ToJsonString()} differ from the acknowledged {write.Answer.ToJsonString()}");

            using var search = await app.Client.GetAsync($"/api/search?q={write.Word}");
            var hits = (await Json(search, HttpStatusCode.OK))["hits"]!.AsArray().Select(h => h!["id"]!.GetValue<string>()).ToList();
            if (!hits.SequenceEqual([write.Id])) problems.Add($"{write.Id}: a search for {write.Word} found [{string.Join(", ", hits)}]");
        });
        Assert.True(problems.IsEmpty, $"{when}, {problems.Count} of {writes.Count} acknowledged writes are wrong:\n{string.Join('\n', problems.Take(20))}\nApp output:\n{app.LastOutput}");
    }
}

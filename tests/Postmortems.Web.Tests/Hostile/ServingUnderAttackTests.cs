using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Postmortems.Web.Tests.Hostile;

/// <summary>Readers go on being served while the whole hostile corpus is sent, on the same app.</summary>
public sealed class ServingUnderAttackTests(PostmortemsAppFactory factory, ITestOutputHelper output) : IClassFixture<PostmortemsAppFactory>
{
    [Fact]
    public async Task Readers_are_served_while_the_hostile_corpus_runs()
    {
        using var reader = factory.CreateClientAs("reader");
        using var attacker = factory.CreateClientAs("author");
        var failures = new ConcurrentQueue<string>();
        var latencies = new ConcurrentQueue<double>();
        using var corpusDone = new CancellationTokenSource();
        string[] readerPaths = ["/api/search?q=dns", "/api/search?q=connection%20pool", "/", "/incidents/2025-04-15-dns-cutover-24h-ttl-dead-vip", "/api/incidents?limit=5"];

        async Task ReadLoop(int offset)
        {
            for (var i = offset; !corpusDone.IsCancellationRequested || i < offset + readerPaths.Length; i++)
            {
                var path = readerPaths[i % readerPaths.Length];
                var watch = Stopwatch.StartNew();
                using var response = await reader.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                latencies.Enqueue(watch.Elapsed.TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK) failures.Enqueue($"{path}: {(int)response.StatusCode}");
            }
        }

        var readers = Enumerable.Range(0, 3).Select(ReadLoop).ToList();
        var sent = 0;
        foreach (var hostile in HostileCorpus.All())
        {
            await HostileRequests.SendAsync(attacker, hostile);
            sent++;
        }
        await corpusDone.CancelAsync();
        await Task.WhenAll(readers);

        var sorted = latencies.Order().ToList();
        output.WriteLine($"{sent} hostile requests; {sorted.Count} reader requests, p50 {sorted[sorted.Count / 2]:0} ms, max {sorted[^1]:0} ms");
        Assert.Empty(failures);
        Assert.True(sorted.Count >= readerPaths.Length * 3, $"only {sorted.Count} reader requests");
    }
}

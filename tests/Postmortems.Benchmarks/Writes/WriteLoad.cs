using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Benchmarks.Writes;

/// <summary>A write the app answered 201 to: what was sent, and the word only it contains, to find it by search.</summary>
public sealed record AckedWrite(string Id, string Markdown, string Word);

/// <summary>
/// Writers that PUT new incidents (each a new id, so no If-Match) and readers that GET incidents and search, all at
/// once against whichever app process <see cref="App"/> names. While it is null (the app restarting) or a request
/// fails to connect (the app killed), the clients wait and go on with the next one: only a 201 counts as written.
/// </summary>
public sealed class WriteLoad(GapTaxonomy taxonomy, string token, string runTag)
{
    private readonly ConcurrentDictionary<string, AckedWrite> _acked = new();
    private readonly List<string> _ackedIds = [];
    private readonly ConcurrentBag<double> _writeMs = [];
    private readonly ConcurrentBag<double> _readMs = [];
    private int _next;
    private long _reads;
    private long _failedWrites;
    private long _failedReads;
    private long _unexpected;
    private volatile string? _lastUnexpected;

    /// <summary>The app the clients talk to; null while there is none.</summary>
    public volatile HttpClient? App;

    public IReadOnlyCollection<AckedWrite> Acked => (IReadOnlyCollection<AckedWrite>)_acked.Values;
    public int Writes => _acked.Count;
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Requests sent that got no answer (the app was killed under them, or was not listening yet).</summary>
    public long Unanswered => Interlocked.Read(ref _failedWrites) + Interlocked.Read(ref _failedReads);

    /// <summary>Answers other than 201 to a write or 200 to a read: none is expected.</summary>
    public long Unexpected => Interlocked.Read(ref _unexpected);
    public string? LastUnexpected => _lastUnexpected;

    public Latencies WriteLatencies => Latencies.Of([.. _writeMs]);
    public Latencies? ReadLatencies => _readMs.IsEmpty ? null : Latencies.Of([.. _readMs]);

    public Task Run(int writers, int readers, CancellationToken stop) =>
        Task.WhenAll(
            Enumerable.Range(0, writers).Select(w => Task.Run(() => Writer(w, stop)))
                .Concat(Enumerable.Range(0, readers).Select(r => Task.Run(() => Reader(r, stop)))));

    /// <summary>The unique word of write number <paramref name="number"/>: letters and digits, one token for the analyzer.</summary>
    public string WordFor(int number) => string.Create(CultureInfo.InvariantCulture, $"mark{runTag}x{number:D6}");

    private async Task Writer(int writer, CancellationToken stop)
    {
        var generator = new IncidentGenerator(taxonomy, seed: 7919 * (writer + 1));
        while (!stop.IsCancellationRequested)
        {
            var number = Interlocked.Increment(ref _next);
            var (generated, text) = generator.Next(number);
            var id = generated.Replace("-gen-", $"-w{runTag}-", StringComparison.Ordinal);
            var word = WordFor(number);
            var markdown = text.Replace(generated, id, StringComparison.Ordinal)
                .Replace("## Summary\n\n", $"## Summary\n\nMarker {word}. ", StringComparison.Ordinal);
            var start = Stopwatch.GetTimestamp();
            var (status, sent) = await Send(stop, client =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, $"/api/incidents/{id}")
                {
                    Content = new StringContent(markdown, Encoding.UTF8, "text/markdown"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return request;
            });
            if (status is null)
            {
                if (sent) Interlocked.Increment(ref _failedWrites);
                continue;
            }
            if (status == HttpStatusCode.Created)
            {
                _writeMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                _acked[id] = new AckedWrite(id, markdown, word);
                lock (_ackedIds) _ackedIds.Add(id);
            }
            else
            {
                Unexpectedly($"PUT {id}: {(int)status}");
            }
        }
    }

    private async Task Reader(int reader, CancellationToken stop)
    {
        var random = new Random(reader);
        for (var i = reader; !stop.IsCancellationRequested; i++)
        {
            string? id = null;
            if (i % 2 == 1)
                lock (_ackedIds) id = _ackedIds.Count == 0 ? null : _ackedIds[random.Next(_ackedIds.Count)];
            var path = id is null
                ? $"/api/search?q={Uri.EscapeDataString(QueryMix.Queries[i % QueryMix.Queries.Count])}&limit=10"
                : $"/api/incidents/{id}";
            var start = Stopwatch.GetTimestamp();
            var (status, sent) = await Send(stop, _ => new HttpRequestMessage(HttpMethod.Get, path));
            if (status is null)
            {
                if (sent) Interlocked.Increment(ref _failedReads);
                continue;
            }
            if (status == HttpStatusCode.OK)
            {
                _readMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref _reads);
            }
            else
            {
                Unexpectedly($"GET {path}: {(int)status}");
            }
        }
    }

    /// <summary>The status of the answer, or null when there was none: not sent (no app) or unanswered (it went away mid-request).</summary>
    private async Task<(HttpStatusCode? Status, bool Sent)> Send(CancellationToken stop, Func<HttpClient, HttpRequestMessage> request)
    {
        var client = App;
        if (client is null)
        {
            // The app is restarting: the benchmark's only waiting without a condition to wait on.
            await Task.Delay(20, CancellationToken.None);
            return (null, false);
        }
        try
        {
            using var message = request(client);
            using var response = await client.SendAsync(message, CancellationToken.None);
            await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
            return (response.StatusCode, true);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            return (null, true);
        }
    }

    private void Unexpectedly(string what)
    {
        Interlocked.Increment(ref _unexpected);
        _lastUnexpected = what;
    }

    /// <summary>Every acknowledged write that the app does not return byte for byte, or that a search for its word does not find.</summary>
    public async Task<IReadOnlyList<string>> Missing(HttpClient client, Action<int>? progress = null)
    {
        var missing = new ConcurrentBag<string>();
        var done = 0;
        await Parallel.ForEachAsync(_acked.Values, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (write, _) =>
        {
            using (var read = await client.GetAsync($"/api/incidents/{write.Id}"))
            {
                var body = await read.Content.ReadAsStringAsync();
                if (read.StatusCode != HttpStatusCode.OK) missing.Add($"{write.Id}: GET answered {(int)read.StatusCode}");
                else if (JsonNode.Parse(body)?["markdown"]?.GetValue<string>() != write.Markdown) missing.Add($"{write.Id}: stored Markdown differs from what was acknowledged");
            }
            using (var search = await client.GetAsync($"/api/search?q={write.Word}&limit=5"))
            {
                var body = await search.Content.ReadAsStringAsync();
                var hits = search.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(body)?["hits"]?.AsArray() : null;
                if (hits is null || !hits.Any(h => h?["id"]?.GetValue<string>() == write.Id)) missing.Add($"{write.Id}: search for {write.Word} does not find it ({(int)search.StatusCode})");
            }
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        return [.. missing.Order(StringComparer.Ordinal)];
    }
}

using System.Diagnostics;
using System.Globalization;
using Postmortems.Core.Accounts;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Tests;

namespace Postmortems.Benchmarks.Writes;

/// <summary>
/// <c>writes [--seconds 30] [--writers 8] [--readers 8] [--work DIR]</c>: the Release app as its own process on a new
/// data directory (seeded from content/ as on a first start), writers PUTting new incidents and readers GETting
/// incidents and searching, all at once; writes/s and the latencies of both.
/// </summary>
public static class WritesBenchmark
{
    public sealed record Settings(int Writers, int Readers, TimeSpan Duration, string WorkDirectory)
    {
        public static Settings Parse(string[] args, TimeSpan defaultDuration, string durationOption, Func<int, TimeSpan> unit)
        {
            string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            int Number(string name, int fallback, int minimum = 1)
            {
                var text = Value(name);
                if (text is null) return fallback;
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= minimum
                    ? n
                    : throw new ArgumentException($"{name} takes a whole number from {minimum}, not '{text}'");
            }
            var duration = Value(durationOption) is null ? defaultDuration : unit(Number(durationOption, 1));
            return new Settings(Number("--writers", 8), Number("--readers", 8, minimum: 0), duration,
                Value("--work") ?? Path.Combine(Path.GetTempPath(), "postmortems-benchmark"));
        }
    }

    public static int Run(string[] args)
    {
        var settings = Settings.Parse(args, TimeSpan.FromSeconds(30), "--seconds", s => TimeSpan.FromSeconds(s));
        var taxonomy = GapTaxonomy.LoadOrThrow(TestPaths.Content);
        var data = FreshDataDirectory(settings.WorkDirectory, "writes");
        var token = AuthorToken(data);
        Console.WriteLine($"Writes: {settings.Writers} writers, {settings.Readers} readers, {settings.Duration.TotalSeconds:0} s on {data}; load average {Machine.LoadAverage()}");
        Console.WriteLine("Building the web app in Release ...");
        WebApp.Build();
        var app = WebApp.Start(data, TimeSpan.FromMinutes(2), "/health/ready");
        Console.WriteLine($"Started in {app.ColdStart.TotalSeconds:0.00} s");

        var load = new WriteLoad(taxonomy, token, "b") { App = app.Client };
        using var stop = new CancellationTokenSource(settings.Duration);
        var clock = Stopwatch.StartNew();
        var running = load.Run(settings.Writers, settings.Readers, stop.Token);
        Report(running, load, clock, settings.Duration);
        var elapsed = clock.Elapsed.TotalSeconds;

        var writes = load.WriteLatencies;
        var reads = load.ReadLatencies;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{load.Writes:N0} writes in {elapsed:0.0} s: {load.Writes / elapsed:0.0} writes/s; write p50 {writes.P50:0} ms, p95 {writes.P95:0} ms, p99 {writes.P99:0} ms"));
        Console.WriteLine(reads is null
            ? "No reads answered."
            : string.Create(CultureInfo.InvariantCulture, $"{load.Reads:N0} reads: {load.Reads / elapsed:0.0} reads/s; read p50 {reads.P50:0} ms, p99 {reads.P99:0} ms"));
        Console.WriteLine($"Unexpected answers: {load.Unexpected}{(load.LastUnexpected is { } last ? $" (last: {last})" : "")}; unanswered requests: {load.Unanswered}");
        app.Dispose();
        Directory.Delete(data, recursive: true);
        return load.Unexpected == 0 && load.Unanswered == 0 ? 0 : 1;
    }

    /// <summary>Prints the progress every 5 s until the load ends.</summary>
    public static void Report(Task running, WriteLoad load, Stopwatch clock, TimeSpan duration, Func<string>? more = null)
    {
        var lastWrites = 0;
        var lastTime = 0.0;
        while (!running.Wait(TimeSpan.FromSeconds(5)))
        {
            var now = clock.Elapsed.TotalSeconds;
            var writes = load.Writes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {now,6:0} s of {duration.TotalSeconds:0}: {writes:N0} writes ({(writes - lastWrites) / (now - lastTime):0.0}/s now), {load.Reads:N0} reads, " +
                $"{load.Unexpected} unexpected, {load.Unanswered} unanswered{more?.Invoke()}"));
            (lastWrites, lastTime) = (writes, now);
        }
        running.GetAwaiter().GetResult();
    }

    public static string FreshDataDirectory(string workDirectory, string name)
    {
        // Per process: two runs at once (other people's, on a shared machine) must not share a data directory.
        var data = Path.Combine(workDirectory, $"data-{name}-{Environment.ProcessId}");
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        Directory.CreateDirectory(data);
        return data;
    }

    /// <summary>An author and an API token for it, made in the data directory before the app takes it (one process at a time).</summary>
    public static string AuthorToken(string dataDirectory)
    {
        using var store = new IncidentStore(dataDirectory, "benchmark: an author's token");
        var accounts = new AccountStore(store);
        accounts.Add("bench-writer", Role.Author, AccountStore.GeneratePassword(), "benchmark");
        return accounts.CreateToken("bench-writer", "benchmark writes", "benchmark").Secret;
    }
}

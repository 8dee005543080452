using System.Diagnostics;
using System.Globalization;
using Postmortems.Core.Taxonomy;
using Postmortems.Tests;

namespace Postmortems.Benchmarks.Writes;

/// <summary>
/// <c>soak [--minutes 10] [--writers 8] [--readers 8] [--kill-every 60] [--work DIR]</c>: the load of <c>writes</c>
/// on the Release app, which is killed with -9 every <c>--kill-every</c> seconds and started again on the same data
/// directory. At the end, after one more kill and restart, every write the app acknowledged must be there byte for
/// byte and found by a search for its own word. Exit code 1 when one is not, or when any answer was unexpected.
/// </summary>
public static class SoakBenchmark
{
    public static int Run(string[] args)
    {
        var settings = WritesBenchmark.Settings.Parse(args, TimeSpan.FromMinutes(10), "--minutes", m => TimeSpan.FromMinutes(m));
        var killEvery = TimeSpan.FromSeconds(int.Parse(args.SkipWhile(a => a != "--kill-every").Skip(1).FirstOrDefault() ?? "60", CultureInfo.InvariantCulture));
        var taxonomy = GapTaxonomy.LoadOrThrow(TestPaths.Content);
        var data = WritesBenchmark.FreshDataDirectory(settings.WorkDirectory, "soak");
        var token = WritesBenchmark.AuthorToken(data);
        var patience = TimeSpan.FromMinutes(5);
        Console.WriteLine($"Soak: {settings.Writers} writers, {settings.Readers} readers for {settings.Duration.TotalMinutes:0.#} min, kill -9 every {killEvery.TotalSeconds:0} s, on {data}; load average {Machine.LoadAverage()}");
        Console.WriteLine("Building the web app in Release ...");
        WebApp.Build();

        var app = WebApp.Start(data, patience, "/health/ready");
        var restarts = new List<double>();
        var kills = 0;
        Console.WriteLine($"Started in {app.ColdStart.TotalSeconds:0.00} s");
        var load = new WriteLoad(taxonomy, token, "s") { App = app.Client };
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var running = load.Run(settings.Writers, settings.Readers, stop.Token);
        var nextKill = killEvery;

        var cycling = Task.Run(() =>
        {
            // The schedule is the point, a kill every interval whatever happens: so this waits on the clock.
            while (nextKill < settings.Duration)
            {
                SleepUntil(clock, nextKill);
                var killedAt = clock.Elapsed.TotalSeconds;
                (app, var ready) = KillAndRestart(app, load, data, patience);
                kills++;
                restarts.Add(ready);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  kill -9 #{kills} at {killedAt:0} s; ready again in {ready:0.00} s"));
                nextKill += killEvery;
            }
            SleepUntil(clock, settings.Duration);
            stop.Cancel();
        });
        WritesBenchmark.Report(Task.WhenAll(running, cycling), load, clock, settings.Duration, () => $", {kills} kills");
        var elapsed = clock.Elapsed.TotalSeconds;

        // One more crash after the load, so that the check reads what a restart after kill -9 recovers.
        (app, var last) = KillAndRestart(app, load, data, patience);
        kills++;
        restarts.Add(last);
        Console.WriteLine($"Checking {load.Writes:N0} acknowledged writes (GET byte for byte, and search for each one's word) ...");
        var total = load.Writes;
        var missing = load.Missing(app.Client, done =>
        {
            if (done % 2000 == 0) Console.WriteLine($"  {done:N0} of {total:N0} checked");
        }).GetAwaiter().GetResult();

        var writes = load.WriteLatencies;
        var reads = load.ReadLatencies;
        var sorted = restarts.Order().ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Soak over {elapsed / 60:0.0} min ({settings.Writers} writers, {settings.Readers} readers, kill -9 every {killEvery.TotalSeconds:0} s):"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  acknowledged writes: {load.Writes:N0} ({load.Writes / elapsed:0.0}/s over the whole run, kills and restarts included)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  write latency: p50 {writes.P50:0} ms, p95 {writes.P95:0} ms, p99 {writes.P99:0} ms"));
        if (reads is not null) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  reads answered: {load.Reads:N0}; p50 {reads.P50:0} ms, p99 {reads.P99:0} ms"));
        Console.WriteLine($"  kills: {kills} (the last after the load, before the check)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  time to ready after a kill: min {sorted[0]:0.00} s, median {sorted[sorted.Count / 2]:0.00} s, max {sorted[^1]:0.00} s"));
        Console.WriteLine($"  requests sent with no answer (in flight at a kill): {load.Unanswered:N0}");
        Console.WriteLine($"  unexpected answers: {load.Unexpected}{(load.LastUnexpected is { } u ? $" (last: {u})" : "")}");
        Console.WriteLine($"  acknowledged writes lost, changed or not found by search: {missing.Count}");
        foreach (var line in missing.Take(20)) Console.WriteLine($"    {line}");

        app.Dispose();
        Directory.Delete(data, recursive: true);
        return missing.Count == 0 && load.Unexpected == 0 ? 0 : 1;
    }

    private static void SleepUntil(Stopwatch clock, TimeSpan moment)
    {
        var wait = moment - clock.Elapsed;
        if (wait > TimeSpan.Zero) Thread.Sleep(wait);
    }

    /// <summary>kill -9, then a start on the same data directory until /health/ready answers 200; returns the new app and that time in seconds.</summary>
    private static (WebApp App, double ReadySeconds) KillAndRestart(WebApp app, WriteLoad load, string data, TimeSpan patience)
    {
        load.App = null;
        app.Kill();
        app.Dispose();
        var restarted = WebApp.Start(data, patience, "/health/ready");
        load.App = restarted.Client;
        return (restarted, restarted.ColdStart.TotalSeconds);
    }
}

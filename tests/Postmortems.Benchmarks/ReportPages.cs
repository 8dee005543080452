using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Postmortems.Benchmarks;

/// <param name="FirstView">The page's first request after the app started (one request: what the first visitor waits).</param>
public sealed record PageTiming(string Path, double FirstViewMs, Latencies Warm);

/// <param name="First">The first searches after a start, one client, in turn.</param>
/// <param name="Warm">The same searches after <see cref="ReportPages.SearchWarmUp"/> of load.</param>
public sealed record StartSearches(Latencies First, Latencies Warm);

/// <summary>
/// The pages that count over every incident (action items, the retro, gaps) and the first searches after a start,
/// each measured on a freshly started app, so that a first view is what the first visitor after a restart waits.
/// </summary>
public static class ReportPages
{
    public const double WarmTargetMs = 300;
    public const double FirstViewTargetMs = 1000;

    /// <summary>How many searches count as "the first after a start", and how many are timed warm.</summary>
    public const int StartSearchCount = 200;

    public static readonly TimeSpan SearchWarmUp = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The default retro is the current period, and the generated incidents end with 2025: the retro of 2025 (about
    /// 20,000 incidents, the previous year and the trend) is measured too, as a retro with something in it.
    /// </summary>
    public static IReadOnlyList<string> Paths(string gapId) =>
    [
        "/actions", "/retro", "/gaps", $"/gaps/{Uri.EscapeDataString(gapId)}", "/api/actions?overdue=true", "/api/retro",
        "/retro?period=custom&from=2025-01-01&to=2025-12-31", "/api/retro?from=2025-01-01&to=2025-12-31",
    ];

    /// <summary>Each page's first view, in turn, then <paramref name="rounds"/> timed requests of each after untimed ones.</summary>
    public static IReadOnlyList<PageTiming> Measure(WebApp app, IReadOnlyList<string> paths, int rounds)
    {
        var first = paths.ToDictionary(p => p, p => Time(() => app.Get(p).GetAwaiter().GetResult()));
        return paths
            .Select(p => new PageTiming(p, first[p], Benchmarks.Measure.Calls([p], rounds, path => app.Get(path).GetAwaiter().GetResult())))
            .ToList();
    }

    /// <summary>The first <see cref="StartSearchCount"/> searches of a fresh app, then as many after warm-up load.</summary>
    public static StartSearches Searches(WebApp app, IReadOnlyList<string> searches)
    {
        List<double> Run() => Enumerable.Range(0, StartSearchCount).Select(i => Time(() => app.Get(searches[i % searches.Count]).GetAwaiter().GetResult())).ToList();
        var first = Run();
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed < SearchWarmUp; i++) app.Get(searches[i % searches.Count]).GetAwaiter().GetResult();
        return new StartSearches(Latencies.Of(first), Latencies.Of(Run()));
    }

    private static double Time(Action call)
    {
        var start = Stopwatch.GetTimestamp();
        call();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    public static string Table(IReadOnlyList<(int Size, IReadOnlyList<PageTiming> Pages, StartSearches? Searches)> results)
    {
        string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine("## Report pages").AppendLine();
        text.AppendLine(F($"Each page on a freshly started app: its first view (one request, in the order listed), then p50 / p95 of warm requests. Targets: ≤ {WarmTargetMs:0} ms p95 warm, ≤ {FirstViewTargetMs:0} ms first view.")).AppendLine();
        text.AppendLine("| incidents | page | first view | warm p50 / p95 | within target |");
        text.AppendLine("|---:|---|---:|---:|---|");
        foreach (var (size, pages, _) in results)
        {
            foreach (var page in pages)
            {
                var ok = page.Warm.P95 <= WarmTargetMs && page.FirstViewMs <= FirstViewTargetMs;
                text.AppendLine(F($"| {size:N0} | `{page.Path}` | {page.FirstViewMs:0} ms | {page.Warm.P50:0.0} / {page.Warm.P95:0.0} ms | {(ok ? "yes" : "no")} |"));
            }
        }
        text.AppendLine();
        if (results.Any(r => r.Searches is not null))
        {
            text.AppendLine(F($"The first {StartSearchCount} searches (`GET /api/search`, one client) on a freshly started app, against {StartSearchCount} more after {SearchWarmUp.TotalSeconds:0} s of the same load. Target: first p50 ≤ 2× warm p50.")).AppendLine();
            text.AppendLine("| incidents | first p50 / p95 | warm p50 / p95 | first p50 ÷ warm p50 |");
            text.AppendLine("|---:|---:|---:|---:|");
            foreach (var (size, _, searches) in results)
            {
                if (searches is null) continue;
                text.AppendLine(F($"| {size:N0} | {searches.First.P50:0.0} / {searches.First.P95:0.0} ms | {searches.Warm.P50:0.0} / {searches.Warm.P95:0.0} ms | {searches.First.P50 / searches.Warm.P50:0.0}× |"));
            }
            text.AppendLine();
        }
        return text.ToString();
    }
}

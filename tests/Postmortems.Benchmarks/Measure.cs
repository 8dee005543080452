using System.Diagnostics;

namespace Postmortems.Benchmarks;

public sealed record Latencies(double P50, double P95, double P99, double Mean, int Samples)
{
    public static Latencies Of(List<double> milliseconds)
    {
        milliseconds.Sort();
        double At(double q) => milliseconds[Math.Clamp((int)Math.Ceiling(q * milliseconds.Count) - 1, 0, milliseconds.Count - 1)];
        return new Latencies(At(0.50), At(0.95), At(0.99), milliseconds.Average(), milliseconds.Count);
    }

    public override string ToString() => $"p50 {P50:0.00} ms, p95 {P95:0.00} ms, p99 {P99:0.00} ms";
}

public static class Measure
{
    public static double Seconds(Action work)
    {
        var watch = Stopwatch.StartNew();
        work();
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>At least this long of untimed calls first, so that the timed ones run the JIT's optimised code.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs each case <paramref name="rounds"/> times, and times every call, after untimed rounds of all cases for at
    /// least <see cref="WarmUp"/> (and at least one): .NET first runs a method unoptimised and recompiles it after some
    /// thirty calls, and a measure of those first calls says more about the JIT than about the code.
    /// </summary>
    public static Latencies Calls<T>(IReadOnlyList<T> cases, int rounds, Action<T> call) => InTurn(cases, rounds, call)[0];

    /// <summary>
    /// <see cref="Calls{T}"/> for ours and plain Lucene's version of the same work, interleaved call by call: on a
    /// shared machine the speed drifts by tens of percent within minutes, and two series timed one after the other
    /// would put that drift into their ratio.
    /// </summary>
    public static (Latencies Ours, Latencies Plain) Pairs<T>(IReadOnlyList<T> cases, int rounds, Action<T> ours, Action<T> plain)
    {
        var both = InTurn(cases, rounds, ours, plain);
        return (both[0], both[1]);
    }

    /// <summary>The latencies of each of <paramref name="calls"/>, made in turn on every case, warmed up as <see cref="Calls{T}"/> says.</summary>
    private static Latencies[] InTurn<T>(IReadOnlyList<T> cases, int rounds, params Action<T>[] calls)
    {
        var warming = Stopwatch.StartNew();
        do
        {
            foreach (var item in cases)
                foreach (var call in calls) call(item);
        } while (warming.Elapsed < WarmUp);
        var samples = calls.Select(_ => new List<double>(cases.Count * rounds)).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var item in cases)
            {
                for (var i = 0; i < calls.Length; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    calls[i](item);
                    samples[i].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }
        return [.. samples.Select(Latencies.Of)];
    }
}

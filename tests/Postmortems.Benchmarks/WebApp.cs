using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Postmortems.Tests;

namespace Postmortems.Benchmarks;

/// <summary>
/// The real web app, built in Release, as its own process on a prepared data directory, measured over HTTP on
/// loopback: time to the first served page, the incident page, GET /api/search under concurrent clients, and the
/// process's resident memory after all that.
/// </summary>
public sealed class WebApp : IDisposable
{
    public static string ProjectDirectory => Path.Combine(TestPaths.RepoRoot, "src", "Postmortems.Web");
    public static string Binary => Path.Combine(ProjectDirectory, "bin", "Release", "net10.0", "Postmortems.Web.dll");

    private readonly Process _process;
    private readonly Queue<string> _lastOutput = new();

    public HttpClient Client { get; }
    public TimeSpan ColdStart { get; private set; }

    private WebApp(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    /// <summary>Builds the app in Release (a no-op when it is up to date); throws with the build's output when it fails.</summary>
    public static void Build()
    {
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", "--nologo", "-v", "q", ProjectDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = build.StandardOutput.ReadToEndAsync();
        var errors = build.StandardError.ReadToEndAsync();
        build.WaitForExit();
        if (build.ExitCode != 0) throw new InvalidOperationException($"Building the web app failed:\n{output.Result}\n{errors.Result}");
    }

    /// <summary>Starts the app on the data directory and waits for the first 200 of <paramref name="readyPath"/>; the time that took is <see cref="ColdStart"/>.</summary>
    public static WebApp Start(string dataDirectory, TimeSpan patience, string readyPath = "/")
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Binary, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(Binary)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Postmortems__DataDirectory"] = dataDirectory;
        start.Environment["Postmortems__ContentDirectory"] = TestPaths.Content;
        // Reads are anonymous on loopback by default; this keeps the measurement about search if that default changes.
        start.Environment["Postmortems__Auth__AnonymousRead"] = "anyone";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var app = new WebApp(process, client);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        while (true)
        {
            if (process.HasExited) throw app.Failure($"The web app exited with code {process.ExitCode} before serving {readyPath}");
            if (clock.Elapsed > patience) throw app.Failure($"The web app served no {readyPath} within {patience.TotalSeconds:0} s");
            try
            {
                using var response = client.GetAsync(readyPath).GetAwaiter().GetResult();
                if (response.StatusCode == HttpStatusCode.OK) break;
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable) throw app.Failure($"GET {readyPath} answered {(int)response.StatusCode}");
                Thread.Sleep(10); // listening, not ready yet
            }
            catch (HttpRequestException)
            {
                Thread.Sleep(10); // not listening yet
            }
        }
        app.ColdStart = clock.Elapsed;
        return app;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastOutput)
        {
            _lastOutput.Enqueue(line);
            if (_lastOutput.Count > 40) _lastOutput.Dequeue();
        }
    }

    private InvalidOperationException Failure(string message)
    {
        lock (_lastOutput) return new InvalidOperationException($"{message}. Its last output:\n{string.Join('\n', _lastOutput)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>GETs a path and reads the whole body; throws unless it is a 200.</summary>
    public async Task<int> Get(string path)
    {
        HttpResponseMessage sent;
        try
        {
            sent = await Client.GetAsync(path);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw Failure($"GET {path} failed ({e.Message}){(_process.HasExited ? $"; the app exited with code {_process.ExitCode}" : "")}");
        }
        using var response = sent;
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw Failure($"GET {path} answered {(int)response.StatusCode}");
        return body.Length;
    }

    /// <summary>
    /// <paramref name="clients"/> clients, each sending its next request as soon as the last one is answered, for
    /// <paramref name="duration"/> after a warm-up: requests per second and the latency of each.
    /// </summary>
    /// <summary>
    /// The load before the measured load. The JIT optimises the search path only once it has run hot for a while:
    /// right after start, back-to-back runs of 15 s at 100,000 incidents measured 157, 220, 266, 266 and 253
    /// requests/s, so what the first 20 s or so measure is the JIT (3 s of warm-up before).
    /// </summary>
    public static readonly TimeSpan LoadWarmUp = TimeSpan.FromSeconds(20);

    /// <summary>How many times the load is measured, one run after another: the speed of a shared machine drifts by tens
    /// of percent within minutes, and the median of three says more than one run.</summary>
    public const int LoadRuns = 3;

    /// <summary>Requests per second of each of <see cref="LoadRuns"/> runs after the warm-up, and the latencies of all of them.</summary>
    public (IReadOnlyList<double> RequestsPerSecond, Latencies Latencies) Throughput(IReadOnlyList<string> paths, int clients, TimeSpan warmUp, TimeSpan duration)
    {
        Run(paths, clients, warmUp);
        var rates = new List<double>();
        var samples = new List<double>();
        for (var run = 0; run < LoadRuns; run++)
        {
            var (rate, runSamples) = Run(paths, clients, duration);
            rates.Add(rate);
            samples.AddRange(runSamples);
        }
        return (rates, Latencies.Of(samples));
    }

    private (double, List<double>) Run(IReadOnlyList<string> paths, int clients, TimeSpan duration)
    {
        var samples = new List<double>[clients];
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = samples[client] = [];
            for (var i = client; clock.Elapsed < duration; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await Get(paths[i % paths.Count]);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToArray();
        Task.WaitAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = samples.SelectMany(s => s).ToList();
        return (all.Count / elapsed, all);
    }

    /// <summary>The process's resident set (VmRSS) in MB, from /proc.</summary>
    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kilobytes / 1024.0;
    }

    /// <summary>kill -9 of the app, as a crash or the OOM killer would end it: no shutdown, no flush.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}

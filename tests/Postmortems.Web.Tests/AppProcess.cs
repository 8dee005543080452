using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Postmortems.Core.Accounts;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Tests;

/// <summary>
/// The built web app (<c>Postmortems.Web.dll</c>, the build this test project references) as a process of its own, on
/// a data directory the test owns and a port the app picks, seeded from the repository's content/ on a first start
/// as the app does. <see cref="Kill"/> is kill -9: no shutdown, nothing flushed, as a crash or the OOM killer.
/// </summary>
public sealed partial class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastOutput = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HttpClient Client { get; private set; } = null!;

    /// <summary>From process start to the first 200 of /health/ready.</summary>
    public TimeSpan TimeToReady { get; private set; }

    private AppProcess(Process process) => _process = process;

    /// <summary>The app's build output beside this test project's: same configuration, built with it.</summary>
    public static string Binary
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = here.Name;
            var configuration = here.Parent!.Name;
            return Path.Combine(RepositoryContent.Root, "src", "Postmortems.Web", "bin", configuration, framework, "Postmortems.Web.dll");
        }
    }

    /// <summary>An author and an API token for it, made in the data directory while no app holds it.</summary>
    public static string CreateAuthorToken(string dataDirectory, string name = "kill-test-author")
    {
        using var store = new IncidentStore(dataDirectory, "tests: an author's token");
        var accounts = new AccountStore(store);
        accounts.Add(name, Role.Author, AccountStore.GeneratePassword(), "tests");
        return accounts.CreateToken(name, "tests", "tests").Secret;
    }

    /// <summary>Starts the app and waits until it listens and /health/ready answers 200.</summary>
    public static async Task<AppProcess> Start(string dataDirectory, TimeSpan patience)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"The web app is not built at {Binary}");
        var start = new ProcessStartInfo("dotnet", [Binary, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Path.GetDirectoryName(Binary)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Postmortems__DataDirectory"] = dataDirectory;
        start.Environment["Postmortems__ContentDirectory"] = RepositoryContent.Directory;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Logging__Console__FormatterName"] = "simple";

        var clock = Stopwatch.StartNew();
        var app = new AppProcess(Process.Start(start)!);
        app._process.OutputDataReceived += (_, e) => app.Read(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Read(e.Data);
        app._process.Exited += (_, _) => app._listening.TrySetException(app.Failure($"The app exited with code {app._process.ExitCode} before listening"));
        app._process.EnableRaisingEvents = true;
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        try
        {
            var address = await app._listening.Task.WaitAsync(patience);
            app.Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
            // The store and the index are opened, and a stale index rebuilt, before the server listens: ready at once.
            using var ready = await app.Client.GetAsync("/health/ready");
            if (ready.StatusCode != HttpStatusCode.OK)
                throw app.Failure($"/health/ready answered {(int)ready.StatusCode} right after start: {await ready.Content.ReadAsStringAsync()}");
            app.TimeToReady = clock.Elapsed;
            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    private void Read(string? line)
    {
        if (line is null) return;
        lock (_lastOutput)
        {
            _lastOutput.Enqueue(line);
            if (_lastOutput.Count > 60) _lastOutput.Dequeue();
        }
        if (ListeningLine().Match(line) is { Success: true } match) _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    /// <summary>What the app printed last, to say why it failed.</summary>
    public string LastOutput
    {
        get { lock (_lastOutput) return string.Join('\n', _lastOutput); }
    }

    private InvalidOperationException Failure(string message) => new($"{message}. Its last output:\n{LastOutput}");

    /// <summary>kill -9 of the app and everything it started; returns once it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Client?.Dispose();
        Kill();
        _process.Dispose();
    }
}

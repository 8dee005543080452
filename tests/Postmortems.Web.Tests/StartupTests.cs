using System.Diagnostics;
using Postmortems.Core;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Tests;

/// <summary>The real app, as its own process, the way a person starts it.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("postmortems-web-startup-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task A_data_directory_held_by_another_process_stops_the_app_with_one_clear_message()
    {
        using var holder = new IncidentStore(_dataDirectory, "the startup test");

        var app = Path.Combine(AppContext.BaseDirectory, "Postmortems.Web.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { app },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment[PostmortemsPaths.DataDirectoryVariable] = _dataDirectory;
        start.Environment[PostmortemsPaths.ContentDirectoryVariable] = RepositoryContent.Directory;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0"; // should it start after all, on no fixed port
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The app started although another process held its data directory");
        }
        var output = await stdout + await stderr;

        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"Cannot start: The data directory {_dataDirectory} is in use by process {Environment.ProcessId}", output);
        Assert.DoesNotContain("Unhandled exception", output);
        Assert.DoesNotContain("   at ", output); // no stack trace
        Assert.DoesNotContain("Now listening on", output);
    }
}

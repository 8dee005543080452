using System.Diagnostics;
using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

public sealed record CliResult(int ExitCode, string Output, string Error);

public static class CliRunner
{
    /// <summary>Runs the command in this process, as the shell would, with --content pointing at the repository's content.</summary>
    public static CliResult Run(params string[] args) => RunWithInput("", args);

    /// <summary>Runs the command in this process with <paramref name="input"/> as its standard input.</summary>
    public static CliResult RunWithInput(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CliApp.Run(["--content", TestPaths.Content, .. args], new StringReader(input), output, error);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Starts the built command in its own process: what a second process, or a killed one, needs.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[typeof(CliApp).Assembly.Location, "--content", TestPaths.Content, .. args]) start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }
}

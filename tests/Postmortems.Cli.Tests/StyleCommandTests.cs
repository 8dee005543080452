using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

/// <summary><c>validate</c> and the blameless-style rules of content/style/.</summary>
public sealed class StyleCommandTests : IDisposable
{
    private const string Anchor = "Password logins kept working";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A seed incident with one blaming sentence put in its summary; returns the copy and the sentence's line and column.</summary>
    private (string File, int Line, int Column) IncidentWithHumanError()
    {
        var seed = TestPaths.SeedIncidentFiles().First(f => File.ReadAllText(f).Contains(Anchor, StringComparison.Ordinal));
        var text = File.ReadAllText(seed).Replace(Anchor, "It was human error on a Friday. " + Anchor, StringComparison.Ordinal);
        var copy = _temp.Combine(Path.GetFileName(seed));
        File.WriteAllText(copy, text);
        var offset = text.IndexOf("human error", StringComparison.Ordinal);
        var lineStart = text.LastIndexOf('\n', offset) + 1;
        return (copy, text[..offset].Count(c => c == '\n') + 1, offset - lineStart + 1);
    }

    [Fact]
    public void Findings_are_warnings_with_file_line_column_and_rule_id_and_exit_0()
    {
        var (file, line, column) = IncidentWithHumanError();

        var result = CliRunner.Run("validate", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{file}:{line}:{column}: style: 'human error' blames a person: describe what made the slip easy (the tool, the step, the missing check) instead (Blameless.HumanError)\n",
            result.Output);
        Assert.Contains("1 incident file(s) checked: 1 valid, 0 with problems (0 problem(s), 1 style finding(s));", result.Output);
    }

    [Fact]
    public void Strict_counts_findings_as_problems_and_exits_1()
    {
        var (file, line, column) = IncidentWithHumanError();

        var result = CliRunner.Run("validate", "--strict", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{file}:{line}:{column}: style: ", result.Output);
        Assert.Contains("1 incident file(s) checked: 0 valid, 1 with problems (1 problem(s), 1 style finding(s) counted by --strict);", result.Output);
    }

    [Fact]
    public void The_seed_content_passes_strict()
    {
        var result = CliRunner.Run("validate", "--strict", TestPaths.Content);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(": style: ", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void A_malformed_rule_file_is_named_with_its_line_and_the_other_rules_still_run()
    {
        var content = _temp.Combine("content");
        CopyFolder(TestPaths.Content, content, "incidents");
        var broken = Path.Combine(content, "style", "Blameless", "Broken.yml");
        File.WriteAllText(broken, "extends: existence\nmessage: broken\ntokens:\n  - one\n - two\n");
        var (file, _, _) = IncidentWithHumanError();

        var lenient = RunWithContent(content, "validate", file);
        var strict = RunWithContent(content, "validate", "--strict", file);

        Assert.Equal(0, lenient.ExitCode);
        Assert.StartsWith($"warning: {broken}:5: Blameless.Broken: the rule file is not valid YAML", lenient.Error);
        Assert.Contains("(Blameless.HumanError)", lenient.Output);
        Assert.Equal(1, strict.ExitCode);
        Assert.StartsWith($"{broken}:5: ", strict.Error);
    }

    private static CliResult RunWithContent(string content, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CliApp.Run(["--content", content, .. args], new StringReader(""), output, error);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    private static void CopyFolder(string from, string to, string skip)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith(skip + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }
}

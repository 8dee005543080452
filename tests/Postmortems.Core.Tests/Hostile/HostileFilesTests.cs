using System.Diagnostics;
using System.Text;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Rendering;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Hostile;

/// <summary>The format's limits hold for every way in (parse, import, export, render), each refusal with its line.</summary>
public sealed class HostileFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly IncidentValidator _validator = new(Samples.Taxonomy.Value);

    public void Dispose() => _temp.Dispose();

    private static string WithBody(string body) => Samples.Complete.Replace("## Summary\n", $"## Summary\n\n{body}\n");

    public static TheoryData<string, string, string> Refusals() => new()
    {
        { "nul", WithBody("before \0 after"), "contains a NUL character (column 8)" },
        { "long line", WithBody(new string('x', 30_000)), "characters; a line may have at most 20,000" },
        { "quotes", WithBody(new string('>', 3_000) + " deep"), "nests 3000 quotes" },
        { "emphasis", WithBody(new string('_', 500) + "x" + new string('_', 500)), "run of more than 16" },
        { "brackets", WithBody(new string('(', 200)), "opens more than 16 brackets or parentheses" },
        { "anchor", Samples.Complete.Replace("severity: sev2", "severity: &s sev2\nx: *s"), "anchor '&s'" },
        { "alias", Samples.Complete.Replace("severity: sev2", "severity: *undefined"), "alias '*undefined'" },
        { "yaml depth", Samples.Complete.Replace("severity: sev2", "severity: sev2\ndeep: " + string.Concat(Enumerable.Repeat("{a: ", 17)) + "b" + new string('}', 17)), "more than 16 levels deep" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_hostile_file_is_refused_quickly_with_its_line_and_nothing_read(string name, string text, string says)
    {
        var watch = Stopwatch.StartNew();
        var document = IncidentDocument.Parse(text, "hostile.md");

        var problem = Assert.Single(_validator.Validate(document));
        Assert.Contains(says, problem.Message);
        Assert.True(problem.Line > 1, $"{name}: line {problem.Line}");
        Assert.Null(document.Incident.Id);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{name}: {watch.Elapsed}"); // a guard against a hang, not a speed target
    }

    [Fact]
    public void The_line_of_a_yaml_refusal_is_the_line_in_the_file()
    {
        var text = Samples.Complete.Replace("severity: sev2", "severity: sev2\nowner: &who alice");
        var document = IncidentDocument.Parse(text, "hostile.md");
        var expected = text.Split('\n').ToList().FindIndex(l => l.StartsWith("owner:", StringComparison.Ordinal)) + 1;
        Assert.Equal(expected, Assert.Single(document.Problems).Line);
    }

    [Fact]
    public void Invalid_utf8_and_nul_bytes_are_named_with_their_line_and_byte()
    {
        byte[] invalid = [.. "line one\nline two "u8, 0xFF, .. "\n"u8];
        var error = Assert.Throws<InvalidDataException>(() => IncidentFiles.Decode(invalid, "a.md"));
        Assert.StartsWith("a.md:2: byte 18 (0xFF) is not valid UTF-8", error.Message);

        byte[] nul = [.. "one\ntwo\nthree \0"u8];
        Assert.StartsWith("a.md:3: byte 14 is a NUL", Assert.Throws<InvalidDataException>(() => IncidentFiles.Decode(nul, "a.md")).Message);
    }

    [Fact]
    public void Import_reports_a_file_too_large_a_hostile_file_and_a_link_outside_the_folder_and_imports_the_rest()
    {
        var folder = _temp.Combine("in");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "2025-03-14-checkout-pool-exhaustion.md"), Samples.Complete);
        File.WriteAllText(Path.Combine(folder, "huge.md"), Samples.Complete + new string('x', 2 * 1024 * 1024));
        File.WriteAllText(Path.Combine(folder, "bomb.md"), Samples.Complete.Replace("severity: sev2", "severity: &s sev2"));
        var secret = _temp.Combine("secret.md");
        File.WriteAllText(secret, Samples.Complete.Replace("2025-03-14-checkout-pool-exhaustion", "2025-03-15-secret"));
        File.CreateSymbolicLink(Path.Combine(folder, "linked.md"), secret);
        Directory.CreateSymbolicLink(Path.Combine(folder, "linked-folder"), _temp.Path);
        using var store = new IncidentStore(_temp.Combine("data"), "tests");

        var report = new IncidentImporter(store, _validator).Import(folder, "alice");

        var failed = report.Files.Where(f => f.Outcome == ImportOutcome.Failed).ToDictionary(f => f.Path, f => f.Reason!);
        Assert.Contains("must fit in 1 MB", failed["huge.md"]);
        Assert.Contains("anchor '&s'", failed["bomb.md"]);
        Assert.Contains("outside the imported folder", failed["linked.md"]);
        Assert.All(failed.Where(f => f.Key.StartsWith("linked-folder/", StringComparison.Ordinal)), f => Assert.Contains("outside the imported folder", f.Value));
        Assert.Equal(1, report.Count(ImportOutcome.Created));
        Assert.Null(store.Get("2025-03-15-secret"));
    }

    [Fact]
    public void Export_never_writes_through_a_link()
    {
        var export = _temp.Combine("out");
        Directory.CreateDirectory(export);
        var outside = _temp.Combine("outside.md");
        File.WriteAllText(outside, "untouched");
        File.CreateSymbolicLink(Path.Combine(export, "2025-03-14-checkout-pool-exhaustion.md"), outside);
        using var store = new IncidentStore(_temp.Combine("data"), "tests");
        store.Save(IncidentDocument.Parse(Samples.Complete), "alice");

        var error = Assert.Throws<InvalidDataException>(() => IncidentExporter.Export(store, export));

        Assert.Contains("is a link", error.Message);
        Assert.Equal("untouched", File.ReadAllText(outside));
    }

    [Fact]
    public void The_renderer_says_why_it_does_not_render_a_text_over_the_limits()
    {
        var html = new MarkdownRenderer().ToSafeHtml(new string('>', 5_000) + " x");
        Assert.Equal("<p class=\"not-rendered\">Not shown: Line 1 nests 5000 quotes, lists or indentation levels; at most 16 are allowed.</p>", html);
    }
}

using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests;

public sealed class ImportExportTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly IncidentValidator _validator = new(Samples.Taxonomy.Value);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Importing_the_content_and_exporting_it_gives_back_every_incident_byte_for_byte()
    {
        var export = _temp.Combine("export");
        using (var store = new IncidentStore(_temp.Combine("data"), "tests"))
        {
            var report = new IncidentImporter(store, _validator).Import(TestPaths.Content, "alice");
            Assert.False(report.HasFailures, string.Join('\n', report.Files.SelectMany(f => f.Problems ?? [])));
            Assert.Equal(IncidentExporter.Export(store, export), report.Count(ImportOutcome.Created));
        }

        var sources = TestPaths.SeedIncidentFiles().ToList();
        Assert.Equal(sources.Select(Path.GetFileName).Order(), Directory.EnumerateFiles(export).Select(Path.GetFileName).Order());
        foreach (var source in sources)
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(export, Path.GetFileName(source))));
    }

    [Fact]
    public void Import_skips_what_is_not_an_incident_and_says_why()
    {
        using var store = new IncidentStore(_temp.Combine("data"), "tests");

        var report = new IncidentImporter(store, _validator).Import(TestPaths.Content, "alice");

        var skipped = report.Files.Where(f => f.Outcome == ImportOutcome.Skipped).ToDictionary(f => Path.GetRelativePath(TestPaths.Content, f.File), f => f.Reason);
        Assert.Equal("a template, not an incident", skipped["template.md"]);
        Assert.Equal("describes the archive, not an incident (README, LICENSE, CHANGELOG, SOURCE, ...)", skipped["README.md"]);
        Assert.Equal("not a Markdown or text file", skipped["differences.yaml"]);
        Assert.Equal("a gap definition, not an incident", skipped[Path.Combine("gaps", "load-testing.md")]);
        Assert.Equal("incidents/" + Path.GetFileName(TestPaths.SeedIncidentFiles().First()), store.Get(Path.GetFileNameWithoutExtension(TestPaths.SeedIncidentFiles().First()))!.Source);
    }

    [Fact]
    public void Import_is_idempotent_and_a_changed_file_becomes_a_new_revision()
    {
        var folder = _temp.Combine("incidents");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "2025-03-14-checkout-pool-exhaustion.md");
        File.WriteAllText(file, Samples.Complete);
        using var store = new IncidentStore(_temp.Combine("data"), "tests");
        var importer = new IncidentImporter(store, _validator);

        var first = importer.Import(folder, "alice");
        var second = importer.Import(folder, "alice");
        File.WriteAllText(file, Samples.Complete.WithLine("12% of checkouts failed.", "13% of checkouts failed."));
        var third = importer.Import(folder, "bob");

        Assert.Equal(ImportOutcome.Created, Assert.Single(first.Files).Outcome);
        Assert.Equal(ImportOutcome.Unchanged, Assert.Single(second.Files).Outcome);
        Assert.Equal(ImportOutcome.Updated, Assert.Single(third.Files).Outcome);
        Assert.Equal([1, 2], store.Revisions("2025-03-14-checkout-pool-exhaustion").Select(r => r.Number));
    }

    [Fact]
    public void A_bad_file_is_reported_and_the_rest_is_imported()
    {
        var folder = _temp.Combine("incidents");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a-good.md"), Samples.Complete.WithLine("id: 2025-03-14-checkout-pool-exhaustion", "id: a-good"));
        File.WriteAllText(Path.Combine(folder, "b-bad.md"), Samples.Complete.WithLine("id: 2025-03-14-checkout-pool-exhaustion", "id: b-bad").WithLine("severity: sev2", "severity: high"));
        File.WriteAllBytes(Path.Combine(folder, "c-binary.md"), [0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x00]);
        File.WriteAllText(Path.Combine(folder, "d-good.md"), Samples.Complete.WithLine("id: 2025-03-14-checkout-pool-exhaustion", "id: d-good"));
        using var store = new IncidentStore(_temp.Combine("data"), "tests");

        var report = new IncidentImporter(store, _validator).Import(folder, "alice");

        Assert.Equal([ImportOutcome.Created, ImportOutcome.Failed, ImportOutcome.Failed, ImportOutcome.Created], report.Files.Select(f => f.Outcome));
        var bad = report.Files[1];
        Assert.Equal((5, "Severity 'high' is unknown"), (bad.Problems![0].Line, bad.Problems[0].Message));
        Assert.Contains("not valid UTF-8", report.Files[2].Reason);
        Assert.Equal(2, store.Count());
    }

    [Fact]
    public void Two_files_with_one_id_in_an_import_keep_the_first_and_report_the_second()
    {
        var folder = _temp.Combine("incidents");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a.md"), Samples.Complete);
        File.WriteAllText(Path.Combine(folder, "b.md"), Samples.Complete.WithLine("12% of checkouts failed.", "Other text."));
        using var store = new IncidentStore(_temp.Combine("data"), "tests");

        var report = new IncidentImporter(store, _validator).Import(folder, "alice");

        Assert.Equal([ImportOutcome.Created, ImportOutcome.Failed], report.Files.Select(f => f.Outcome));
        Assert.Contains("already used by a.md", report.Files[1].Reason);
        Assert.Equal(Samples.Complete, store.Get("2025-03-14-checkout-pool-exhaustion")!.Markdown);
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Import;

public sealed partial class ArchiveImportTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly IncidentValidator _validator = new(Samples.Taxonomy.Value);

    public void Dispose() => _temp.Dispose();

    private string Archive(params (string Path, string Text)[] files)
    {
        var root = _temp.Combine("archive");
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return root;
    }

    private IncidentStore OpenStore() => new(_temp.Combine("data"), "tests");

    private IncidentImporter Importer(IncidentStore store) => new(store, _validator, new Suggester(Samples.Taxonomy.Value));

    [Fact]
    public void Foreign_front_matter_is_mapped_and_every_original_line_is_kept()
    {
        var root = Archive(("data/5f0c2d1e.md", ArchiveFixtures.ForeignFrontMatter));
        using var store = OpenStore();

        var file = Assert.Single(Importer(store).Import(root, "alice").Files);

        Assert.Equal((ImportOutcome.Created, SourceFormat.ForeignFrontMatter), (file.Outcome, file.Format));
        var stored = store.Get(file.Id!)!;
        var incident = IncidentDocument.Parse(stored.Markdown).Incident;
        Assert.Equal("2021-03-04-example-cloud-queue-workers-stalled-after-a-kernel-upgrade", incident.Id);
        Assert.Equal("Example Cloud: queue workers stalled after a kernel upgrade", incident.Title);
        Assert.Equal(new DateTimeOffset(2021, 3, 4, 10, 15, 0, TimeSpan.Zero), incident.Date);
        Assert.Equal("1h48m", incident.Duration);
        Assert.Equal(IncidentStatus.Imported, incident.Status);
        Assert.Equal(["Example Cloud"], incident.Services);
        Assert.Equal(["automation", "cloud", "kernel upgrade", "queue", "example cloud"], incident.Tags);
        Assert.Contains("title ← front matter 'title'", file.Mapped!);
        Assert.Contains("services ← the organisation, for want of a product or service", file.Guessed!);
        Assert.Equal("data/5f0c2d1e.md", stored.Source);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ArchiveFixtures.ForeignFrontMatter))), stored.SourceSha256);
        foreach (var line in NonBlankLines(ArchiveFixtures.ForeignFrontMatter)) Assert.Contains(line, stored.Markdown);
    }

    [Fact]
    public void Foreign_keys_that_clash_with_ours_are_kept_under_another_name()
    {
        var text = "---\nid: 42\nstatus: resolved\nseverity: high\ntitle: Login outage\n---\n\nLogins failed on 2024-02-03.\n";
        using var store = OpenStore();

        var file = Assert.Single(Importer(store).Import(Archive(("login.md", text)), "alice").Files);

        Assert.Equal(ImportOutcome.Created, file.Outcome);
        var markdown = store.Get(file.Id!)!.Markdown;
        Assert.Contains("source-id: 42\n", markdown);
        Assert.Contains("source-status: resolved\n", markdown);
        Assert.Contains("source-severity: high\n", markdown);
        Assert.Contains("title: Login outage\n", markdown);
        var incident = IncidentDocument.Parse(markdown).Incident;
        Assert.Equal(("2024-02-03-login-outage", IncidentStatus.Imported, null), (incident.Id, incident.Status, incident.Severity));
    }

    [Fact]
    public void Free_form_markdown_gets_its_title_date_tags_duration_sections_and_action_items()
    {
        var root = Archive(("PM2021-005 - Ingress returned 503 for every service.md", ArchiveFixtures.FreeForm));
        using var store = OpenStore();

        var file = Assert.Single(Importer(store).Import(root, "alice").Files);

        Assert.Equal((ImportOutcome.Created, SourceFormat.FreeForm), (file.Outcome, file.Format));
        var incident = IncidentDocument.Parse(store.Get(file.Id!)!.Markdown).Incident;
        Assert.Equal("Ingress returned 503 for every service", incident.Title);
        Assert.Equal(new DateTimeOffset(2021, 6, 22, 0, 0, 0, TimeSpan.Zero), incident.Date);
        Assert.Contains("date ← first date in the text: '22nd June 2021'", file.Guessed!);
        Assert.Equal(["kubernetes"], incident.Tags);
        Assert.Equal("25m", incident.Duration);
        Assert.Equal("- The de-registration delay was lowered for faster node roll-overs.", incident.Section(StandardSections.RootCause)!.Markdown);
        Assert.Contains("2021-06-22 08:21", incident.Section(StandardSections.Timeline)!.Markdown);
        Assert.Equal(["Revert the de-registration delay to 300 seconds.", "Create an ingress test suite."], incident.ActionItems.Select(a => a.Text));
        Assert.All(incident.ActionItems, a => Assert.False(a.Done));
    }

    [Fact]
    public void Setext_headings_are_sections_and_a_date_in_the_file_name_is_the_date()
    {
        var root = Archive(("2025-11-15-persons-db-migration.md", ArchiveFixtures.Setext));
        using var store = OpenStore();

        var file = Assert.Single(Importer(store).Import(root, "alice").Files);

        var incident = IncidentDocument.Parse(store.Get(file.Id!)!.Markdown).Incident;
        Assert.Equal("Data processing delays in the events pipeline", incident.Title);
        Assert.Equal(new DateTimeOffset(2025, 11, 15, 0, 0, 0, TimeSpan.Zero), incident.Date);
        Assert.Equal("2025-11-15-data-processing-delays-in-the-events-pipeline", incident.Id);
        Assert.Equal("Ingestion fell four hours behind after a migration of the persons table.", incident.Section(StandardSections.Summary)!.Markdown);
        Assert.Equal("The migration took a lock that blocked the writers.", incident.Section(StandardSections.RootCause)!.Markdown);
        Assert.Equal(["Rehearse migrations on a copy of production.", "Alert on ingestion lag."], incident.ActionItems.Select(a => a.Text));
    }

    [Fact]
    public void Archive_files_templates_and_non_text_files_are_skipped_with_a_reason()
    {
        var root = Archive(
            ("README.md", "# Our postmortems\n"),
            ("LICENSE", "MIT License\n"),
            ("SOURCE.md", "# Source\n"),
            ("PMyyyy-nnn - Postmortem template.md", ArchiveFixtures.Template),
            ("investigations/template.md", ArchiveFixtures.Template),
            ("diagram.png", "not really a png"),
            ("empty.md", "\n  \n"),
            ("PM2022-009 - Bad AMI causing node issues", ArchiveFixtures.FreeForm));
        using var store = OpenStore();

        var report = Importer(store).Import(root, "alice");

        var reasons = report.Files.ToDictionary(f => f.Path, f => (f.Outcome, f.Reason));
        Assert.Equal(ImportOutcome.Created, reasons["PM2022-009 - Bad AMI causing node issues"].Outcome);
        Assert.Equal((ImportOutcome.Skipped, "describes the archive, not an incident (README, LICENSE, CHANGELOG, SOURCE, ...)"), reasons["README.md"]);
        Assert.Equal(ImportOutcome.Skipped, reasons["LICENSE"].Outcome);
        Assert.Equal(ImportOutcome.Skipped, reasons["SOURCE.md"].Outcome);
        Assert.Equal((ImportOutcome.Skipped, "a template, not an incident"), reasons["PMyyyy-nnn - Postmortem template.md"]);
        Assert.Equal((ImportOutcome.Skipped, "a template, not an incident"), reasons["investigations/template.md"]);
        Assert.Equal((ImportOutcome.Skipped, "not a Markdown or text file"), reasons["diagram.png"]);
        Assert.Equal((ImportOutcome.Skipped, "empty"), reasons["empty.md"]);
    }

    [Fact]
    public void A_second_import_changes_nothing_and_a_changed_file_is_a_new_revision()
    {
        var root = Archive(("a.md", ArchiveFixtures.FreeForm), ("b/2025-11-15-persons.md", ArchiveFixtures.Setext), ("c.md", ArchiveFixtures.ForeignFrontMatter));
        using var store = OpenStore();
        var importer = Importer(store);

        importer.Import(root, "alice");
        var generation = store.Generation;
        var again = importer.Import(root, "alice");
        File.AppendAllText(Path.Combine(root, "a.md"), "\nOne more lesson.\n");
        var changed = importer.Import(root, "bob");

        Assert.Equal(3, again.Count(ImportOutcome.Unchanged));
        Assert.Equal(generation, store.Generation - 1);
        Assert.Equal([ImportOutcome.Updated, ImportOutcome.Unchanged, ImportOutcome.Unchanged], changed.Files.Select(f => f.Outcome));
        var id = changed.Files[0].Id!;
        Assert.Equal([1, 2], store.Revisions(id).Select(r => r.Number));
        Assert.EndsWith("One more lesson.\n", store.Get(id)!.Markdown);
    }

    [Fact]
    public void The_original_bytes_are_kept_exactly_even_with_a_bom_and_crlf()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ArchiveFixtures.FreeForm.Replace("\n", "\r\n"))).ToArray();
        var root = _temp.Combine("archive");
        Directory.CreateDirectory(root);
        File.WriteAllBytes(Path.Combine(root, "crlf.md"), bytes);
        using var store = OpenStore();

        var file = Assert.Single(Importer(store).Import(root, "alice").Files);

        var original = store.Original(file.Id!)!;
        Assert.Equal(bytes, original.Bytes);
        Assert.Equal("crlf.md", original.Path);
        Assert.Equal("Ingress returned 503 for every service", IncidentDocument.Parse(store.Get(file.Id!)!.Markdown).Incident.Title);
    }

    [Fact]
    public void Two_files_that_would_get_one_id_get_two_and_keep_them_on_the_next_import()
    {
        var root = Archive(("x/one.md", ArchiveFixtures.FreeForm), ("y/one.md", ArchiveFixtures.FreeForm));
        using var store = OpenStore();
        var importer = Importer(store);

        var first = importer.Import(root, "alice");
        var second = importer.Import(root, "alice");

        Assert.Equal(2, first.Files.Select(f => f.Id).Distinct().Count());
        Assert.Equal(first.Files.Select(f => f.Id), second.Files.Select(f => f.Id));
        Assert.Equal(2, second.Count(ImportOutcome.Unchanged));
    }

    [Fact]
    public void Include_exclude_and_dry_run_decide_what_is_taken_and_whether_anything_is_written()
    {
        var root = Archive(("keep/a.md", ArchiveFixtures.FreeForm), ("keep/b.md", ArchiveFixtures.Setext), ("other/c.md", ArchiveFixtures.FreeForm));
        using var store = OpenStore();
        var options = new ImportOptions("alice") { Include = [new Glob("keep/**")], Exclude = [new Glob("b.md")], DryRun = true };

        var report = Importer(store).Import(root, options);

        Assert.Equal(
            [("keep/a.md", ImportOutcome.Created, (string?)null), ("keep/b.md", ImportOutcome.Skipped, "excluded by --exclude b.md"), ("other/c.md", ImportOutcome.Skipped, "not matched by --include")],
            report.Files.Select(f => (f.Path, f.Outcome, f.Reason)));
        Assert.Equal(0, store.Count());
        Assert.Null(store.Original(report.Files[0].Id!));
    }

    [Fact]
    public void Imported_incidents_are_never_rejected_for_what_they_lack_and_validation_says_what()
    {
        var root = Archive(("a.md", ArchiveFixtures.Setext));
        using var store = OpenStore();

        var file = Assert.Single(Importer(store).Import(root, "alice").Files);
        var problems = _validator.Validate(IncidentDocument.Parse(store.Get(file.Id!)!.Markdown));

        Assert.Equal(ImportOutcome.Created, file.Outcome);
        Assert.All(problems, p => Assert.True(p.IsWarning, p.ToString()));
        Assert.Contains(problems, p => p.Message == "Required section '## How it got through' is missing" && p.Fix!.Contains("needed before it can be published"));
        Assert.Contains(problems, p => p.Message == "An incident must name the gap that let it through");
    }

    [Fact]
    public void Gaps_and_differences_are_suggested_with_the_phrases_that_suggested_them()
    {
        var root = Archive(("c.md", ArchiveFixtures.ForeignFrontMatter));
        using var store = OpenStore();

        Importer(store).Import(root, "alice");

        var suggestions = store.All().Single().Suggestions;
        var rollout = Assert.Single(suggestions, s => s.Kind == SuggestionKind.Gap && s.Id == "staged-rollout");
        Assert.Contains("canary", rollout.Phrases);
        Assert.Contains(suggestions, s => s.Kind == SuggestionKind.Difference && s.Id == "dependencies" && s.Phrases.Contains("upgrade"));
    }

    [Fact]
    public void Every_word_of_each_fixture_is_exported_in_order()
    {
        var fixtures = new[] { ArchiveFixtures.ForeignFrontMatter, ArchiveFixtures.FreeForm, ArchiveFixtures.Setext };
        var root = Archive(fixtures.Select((text, i) => ($"f{i}.md", text)).ToArray());
        var export = _temp.Combine("export");
        using var store = OpenStore();

        var report = Importer(store).Import(root, "alice");
        IncidentExporter.Export(store, export);

        foreach (var (file, text) in report.Files.Zip(fixtures))
            Assert.True(WordsInOrder(text, File.ReadAllText(Path.Combine(export, file.Id + ".md")), out var missing), $"{file.Path}: '{missing}' is missing");
    }

    internal static IEnumerable<string> NonBlankLines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r').Trim()).Where(l => l.Length > 0);

    /// <summary>True when every word of <paramref name="original"/> appears in <paramref name="exported"/>, in the same order.</summary>
    internal static bool WordsInOrder(string original, string exported, out string? missing)
    {
        var want = Word().Matches(original).Select(m => m.Value.ToLowerInvariant()).ToList();
        var have = Word().Matches(exported).Select(m => m.Value.ToLowerInvariant()).ToList();
        var at = 0;
        foreach (var word in want)
        {
            while (at < have.Count && have[at] != word) at++;
            if (at == have.Count)
            {
                missing = word;
                return false;
            }
            at++;
        }
        missing = null;
        return true;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}

public sealed class SimilarSuggestionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_imported_report_like_a_reviewed_incident_is_suggested_that_incident_s_gaps()
    {
        var taxonomy = Samples.Taxonomy.Value;
        var validator = new IncidentValidator(taxonomy);
        using var store = new IncidentStore(_temp.Combine("data"), "tests");
        ContentSeeder.SeedIfEmpty(store, validator, TestPaths.Content);
        using var index = new Postmortems.Core.Search.IncidentIndex(store, taxonomy);
        var archive = _temp.Combine("archive");
        Directory.CreateDirectory(archive);
        File.WriteAllText(Path.Combine(archive, "2024-05-01-vip.md"),
            "# Clients stuck on the old load balancer\n\nWe replaced the A record with a CNAME to the new load balancer, but the old record had a TTL of 86400 seconds. " +
            "Resolvers and JVM DNS caches kept the old address for a day after we shut the old VIP down.\n");

        var file = new IncidentImporter(store, validator, new Suggester(taxonomy, index)).Import(archive, "alice").Files.Single();

        var dnsIncident = "2025-04-15-dns-cutover-24h-ttl-dead-vip";
        var fromSimilar = file.Suggestions!.Where(s => s.SimilarIncidents.Contains(dnsIncident)).Select(s => s.Id).ToList();
        Assert.Contains("rollback-plan", fromSimilar);
        Assert.Contains("config-review", fromSimilar);
    }
}

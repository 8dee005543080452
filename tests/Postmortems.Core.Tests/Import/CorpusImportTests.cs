using System.Text;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Import;

/// <summary>The three public archives in ../shared/corpus, imported at once into an empty store, then exported.</summary>
public sealed class CorpusImport : IDisposable
{
    private readonly TempDirectory _temp = new();

    public CorpusImport()
    {
        if (TestPaths.SharedCorpus is not { } corpus) return;
        Corpus = corpus;
        Store = new IncidentStore(_temp.Combine("data"), "corpus tests");
        Importer = new IncidentImporter(Store, new IncidentValidator(Samples.Taxonomy.Value), new Suggester(Samples.Taxonomy.Value));
        First = Importer.Import(corpus, "importer");
        GenerationAfterFirst = Store.Generation;
        Second = Importer.Import(corpus, "importer");
        Export = _temp.Combine("export");
        IncidentExporter.Export(Store, Export);
    }

    public string? Corpus { get; }
    public IncidentStore? Store { get; }
    public IncidentImporter? Importer { get; }
    public ImportReport? First { get; }
    public ImportReport? Second { get; }
    public long GenerationAfterFirst { get; }
    public string? Export { get; }

    public void Dispose()
    {
        Store?.Dispose();
        _temp.Dispose();
    }
}

public sealed class CorpusImportTests(CorpusImport corpus) : IClassFixture<CorpusImport>
{
    private const string NoCorpus = "../shared/corpus is not beside the repository: the archive tests need it (the fixture tests in ArchiveImportTests cover the formats without it)";

    private ImportReport First => corpus.First!;

    [SkippableFact]
    public void Every_real_incident_of_the_three_archives_is_taken_in()
    {
        Skip.If(corpus.Corpus is null, NoCorpus);

        var created = First.Files.Where(f => f.Outcome == ImportOutcome.Created).ToList();
        Assert.Equal(242, created.Count(f => f.Path.StartsWith("icco-postmortems/data/", StringComparison.Ordinal)));
        Assert.Equal(39, created.Count(f => f.Path.StartsWith("dfds-postmortems/", StringComparison.Ordinal)));
        Assert.Equal(7, created.Count(f => f.Path.StartsWith("posthog-post-mortems/", StringComparison.Ordinal)));
        Assert.Equal(288, corpus.Store!.Count());
        Assert.Equal(0, First.Count(ImportOutcome.Failed));
    }

    [SkippableFact]
    public void The_files_that_are_not_incidents_are_listed_as_skipped_with_reasons()
    {
        Skip.If(corpus.Corpus is null, NoCorpus);

        var skipped = First.Files.Where(f => f.Outcome == ImportOutcome.Skipped).ToDictionary(f => f.Path, f => f.Reason);
        Assert.Equal(
            ["dfds-postmortems/LICENSE", "dfds-postmortems/PMyyyy-nnn - Postmortem template.md", "dfds-postmortems/SOURCE.md",
             "icco-postmortems/LICENSE", "icco-postmortems/SOURCE.md",
             "posthog-post-mortems/LICENSE", "posthog-post-mortems/SOURCE.md", "posthog-post-mortems/investigations/template.md"],
            skipped.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("a template, not an incident", skipped["dfds-postmortems/PMyyyy-nnn - Postmortem template.md"]);
        Assert.All(skipped.Values, reason => Assert.False(string.IsNullOrEmpty(reason)));
    }

    [SkippableFact]
    public void Every_non_blank_line_of_every_file_is_in_what_the_store_keeps_and_the_original_bytes_are_kept()
    {
        Skip.If(corpus.Corpus is null, NoCorpus);

        foreach (var file in First.Files.Where(f => f.Outcome == ImportOutcome.Created))
        {
            var bytes = File.ReadAllBytes(file.File);
            var stored = corpus.Store!.Get(file.Id!)!;
            Assert.Equal(bytes, corpus.Store.Original(file.Id!)!.Bytes);
            foreach (var line in ArchiveImportTests.NonBlankLines(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF')))
                Assert.True(stored.Markdown.Contains(line, StringComparison.Ordinal), $"{file.Path}: line '{line}' is not in the stored Markdown");
        }
    }

    [SkippableFact]
    public void Every_word_of_every_file_is_exported_in_order()
    {
        Skip.If(corpus.Corpus is null, NoCorpus);

        foreach (var file in First.Files.Where(f => f.Outcome == ImportOutcome.Created))
        {
            var exported = File.ReadAllText(Path.Combine(corpus.Export!, file.Id + ".md"));
            Assert.True(ArchiveImportTests.WordsInOrder(File.ReadAllText(file.File), exported, out var missing), $"{file.Path}: the word '{missing}' is missing or out of order");
        }
    }

    [SkippableFact]
    public void A_second_import_changes_nothing()
    {
        Skip.If(corpus.Corpus is null, NoCorpus);

        Assert.Equal(0, corpus.Second!.Count(ImportOutcome.Created));
        Assert.Equal(0, corpus.Second.Count(ImportOutcome.Updated));
        Assert.Equal(288, corpus.Second.Count(ImportOutcome.Unchanged));
        Assert.Equal(corpus.GenerationAfterFirst, corpus.Store!.Generation);
    }

    [SkippableFact]
    public void Imported_incidents_are_unreviewed_and_record_their_source()
    {
        Skip.If(corpus.Corpus is null, NoCorpus);

        foreach (var file in First.Files.Where(f => f.Outcome == ImportOutcome.Created))
        {
            var stored = corpus.Store!.Get(file.Id!)!;
            Assert.Equal(IncidentStatus.Imported, stored.Status);
            Assert.Equal(file.Path, stored.Source);
            Assert.Equal(64, stored.SourceSha256!.Length);
        }
    }

    /// <summary>
    /// The expected title and date of each file, from reading them: the stated front matter where an archive has it,
    /// and a person's reading of the text where it does not (corpus-truth.tsv).
    /// </summary>
    [SkippableFact]
    public void Titles_and_dates_are_right_for_at_least_95_percent_of_the_incidents()
    {
        Skip.If(corpus.Corpus is null, NoCorpus);

        var truth = File.ReadLines(Path.Combine(TestPaths.RepoRoot, "tests", "Postmortems.Core.Tests", "Import", "corpus-truth.tsv"))
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToDictionary(c => c[0], c => (Title: c[1], Date: c[2]));
        var wrong = new List<string>();
        foreach (var file in First.Files.Where(f => f.Outcome == ImportOutcome.Created))
        {
            var incident = IncidentDocument.Parse(corpus.Store!.Get(file.Id!)!.Markdown).Incident;
            var expected = truth[file.Path];
            var date = incident.Date?.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";
            var dateRight = expected.Date.Length == 0 ? date.Length == 0 : date.StartsWith(expected.Date, StringComparison.Ordinal);
            if (incident.Title != expected.Title || !dateRight) wrong.Add($"{file.Path}: '{incident.Title}' {date} (expected '{expected.Title}' {expected.Date})");
        }

        var right = 1.0 - (double)wrong.Count / truth.Count;
        Assert.True(right >= 0.95, $"{right:P1} right; wrong:\n{string.Join('\n', wrong)}");
        Assert.Equal(288, truth.Count);
    }
}

using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Spectre.Console;

namespace Postmortems.Benchmarks;

/// <summary>
/// <c>--pages</c>: only the report pages and the first searches after a start, on a data directory kept in the work
/// directory between runs (generated and imported the first time), so that a change to a page is measured at
/// 100,000 incidents in minutes rather than the full run's hour.
/// </summary>
public static class PagesRun
{
    public static int Run(BenchmarkOptions options, GapTaxonomy taxonomy)
    {
        var results = new List<(int, IReadOnlyList<PageTiming>, StartSearches?)>();
        foreach (var size in options.Sizes)
        {
            var data = Path.Combine(options.WorkDirectory, $"pages-data-{size}-g{IncidentGenerator.Version}");
            if (!File.Exists(Path.Combine(data, IncidentStore.DatabaseFileName))) Prepare(size, data, taxonomy);
            var (pages, searches) = Measure(data, taxonomy, options.Rounds);
            results.Add((size, pages, searches));
        }
        var table = ReportPages.Table(results);
        AnsiConsole.WriteLine(table);
        var report = Path.Combine(options.WorkDirectory, "report-pages.md");
        File.WriteAllText(report, table);
        AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(report)}[/] (the data directories are kept for the next run)");
        return 0;
    }

    /// <summary>The pages on one fresh app, the first searches on another: each first view is a first view.</summary>
    public static (IReadOnlyList<PageTiming> Pages, StartSearches Searches) Measure(string data, GapTaxonomy taxonomy, int rounds)
    {
        IReadOnlyList<PageTiming> pages;
        using (var app = WebApp.Start(data, TimeSpan.FromMinutes(5)))
        {
            pages = ReportPages.Measure(app, ReportPages.Paths(taxonomy.Gaps[0].Id), rounds);
            AnsiConsole.MarkupLine($"Resident memory after the report pages: {app.ResidentMegabytes():N0} MB");
        }
        using var again = WebApp.Start(data, TimeSpan.FromMinutes(5));
        var searches = ReportPages.Searches(again, QueryMix.Queries.Select(q => $"/api/search?q={Uri.EscapeDataString(q)}&limit=10").ToList());
        return (pages, searches);
    }

    private static void Prepare(int size, string data, GapTaxonomy taxonomy)
    {
        var files = data + "-files";
        if (Directory.Exists(files)) Directory.Delete(files, recursive: true);
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        Directory.CreateDirectory(files);
        AnsiConsole.MarkupLine($"{size:N0}: generating and importing (once; kept for later runs) ...");
        var generator = new IncidentGenerator(taxonomy);
        for (var i = 0; i < size; i++)
        {
            var (id, markdown) = generator.Next(i);
            File.WriteAllText(Path.Combine(files, id + ".md"), markdown);
        }
        using var store = new IncidentStore(data, "benchmark");
        using var index = new IncidentIndex(store, taxonomy);
        var importer = new IncidentImporter(store, new IncidentValidator(taxonomy), new Suggester(taxonomy, index));
        using (index.Batch())
        {
            var report = importer.Import(files, new ImportOptions("benchmark"));
            if (report.HasFailures) throw new InvalidOperationException($"{report.Count(ImportOutcome.Failed)} generated files failed to import");
        }
        Directory.Delete(files, recursive: true);
    }
}

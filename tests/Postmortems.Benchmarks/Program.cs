using System.Globalization;
using Postmortems.Benchmarks;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Rendering;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Tests;
using Spectre.Console;

var options = BenchmarkOptions.Parse(args);
var taxonomy = GapTaxonomy.LoadOrThrow(TestPaths.Content);
var results = new List<SizeResult>();
Directory.CreateDirectory(options.WorkDirectory);
AnsiConsole.MarkupLine($"[bold]Postmortems benchmark[/]: sizes {string.Join(", ", options.Sizes)}; work in {options.WorkDirectory}");

foreach (var size in options.Sizes)
{
    var result = new SizeResult(size);
    var files = Path.Combine(options.WorkDirectory, $"files-{size}");
    var data = Path.Combine(options.WorkDirectory, $"data-{size}");
    if (Directory.Exists(data)) Directory.Delete(data, recursive: true);

    AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .Start(progress =>
        {
            var generate = progress.AddTask($"{size:N0}: generate files", maxValue: size);
            if (!Directory.Exists(files) || Directory.GetFiles(files).Length != size)
            {
                if (Directory.Exists(files)) Directory.Delete(files, recursive: true);
                Directory.CreateDirectory(files);
                var generator = new IncidentGenerator(taxonomy);
                for (var i = 0; i < size; i++)
                {
                    var (id, markdown) = generator.Next(i);
                    File.WriteAllText(Path.Combine(files, id + ".md"), markdown);
                    generate.Increment(1);
                }
            }
            generate.Value = size;
            result.Bytes = Directory.EnumerateFiles(files).Sum(f => new FileInfo(f).Length);

            using var store = new IncidentStore(data, "benchmark");
            using var index = new IncidentIndex(store, taxonomy);
            var importing = progress.AddTask($"{size:N0}: import (parse, validate, store, index)", maxValue: size);
            var importer = new IncidentImporter(store, new IncidentValidator(taxonomy), new Suggester(taxonomy, index));
            result.ImportSeconds = Measure.Seconds(() =>
            {
                using (index.Batch())
                {
                    var report = importer.Import(files, new ImportOptions("benchmark"), new SyncProgress(p => importing.Value = p.Done));
                    if (report.HasFailures) throw new InvalidOperationException($"{report.Count(ImportOutcome.Failed)} generated files failed to import");
                }
            });

            var reindexing = progress.AddTask($"{size:N0}: reindex from the store", maxValue: size);
            result.ReindexSeconds = Measure.Seconds(() => index.Rebuild(new SyncProgress(p => reindexing.Value = p.Done)));

            var raw = progress.AddTask($"{size:N0}: plain Lucene index", maxValue: 1);
            using var lucene = new RawLucene(Path.Combine(options.WorkDirectory, $"lucene-{size}"));
            result.RawIndexSeconds = Measure.Seconds(() => lucene.Index(Directory.EnumerateFiles(files).Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f)))));
            raw.Value = 1;

            var searching = progress.AddTask($"{size:N0}: search, similar, render", maxValue: 4);
            result.Search = Measure.Calls(QueryMix.Queries, options.Rounds, q => index.Search(new SearchRequest(q, 10)));
            result.SearchWithoutHits = Measure.Calls(QueryMix.Queries, options.Rounds, q => index.Search(new SearchRequest(q, 0)));
            searching.Increment(1);
            result.RawSearch = Measure.Calls(QueryMix.Queries.Select(QueryMix.PlainWords).ToList(), options.Rounds, q => lucene.Search(q));
            searching.Increment(1);
            var ids = store.List(0, 200).Select(s => s.Id).ToList();
            result.Similar = Measure.Calls(ids, 2, id => index.Similar(id, 5));
            searching.Increment(1);
            var renderer = new MarkdownRenderer();
            result.Render = Measure.Calls(ids, 2, id =>
            {
                var stored = store.Get(id)!;
                _ = IncidentDocument.Parse(stored.Markdown);
                _ = renderer.ToSafeHtml(stored.Markdown);
                _ = index.Similar(id, 5);
            });
            searching.Increment(1);
        });

    AnsiConsole.MarkupLine($"[green]{size:N0}[/]: import {result.ImportRate:N0}/s, reindex {result.ReindexRate:N0}/s, search {result.Search}, plain Lucene {result.RawSearch}");
    results.Add(result);
}

var report = Report.Write(results, options);
File.WriteAllText(options.ReportPath, report);
AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(options.ReportPath)}[/]");
if (!options.KeepWork) Directory.Delete(options.WorkDirectory, recursive: true);

internal sealed class SyncProgress(Action<FileProgress> report) : IProgress<FileProgress>
{
    public void Report(FileProgress value) => report(value);
}

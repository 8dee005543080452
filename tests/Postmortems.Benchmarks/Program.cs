using System.Diagnostics;
using FSDirectory = Lucene.Net.Store.FSDirectory;
using Postmortems.Benchmarks;
using Postmortems.Core.DesignCheck;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Tests;
using Spectre.Console;

if (args.FirstOrDefault() == "writes")
{
    Environment.ExitCode = Postmortems.Benchmarks.Writes.WritesBenchmark.Run(args[1..]);
    return;
}
if (args.FirstOrDefault() == "codec")
{
    Environment.ExitCode = CodecBenchmark.Run(args[1..]);
    return;
}
if (args.FirstOrDefault() == "soak")
{
    Environment.ExitCode = Postmortems.Benchmarks.Writes.SoakBenchmark.Run(args[1..]);
    return;
}
var options = BenchmarkOptions.Parse(args);
if (args.Contains("--chat-draft"))
{
    Environment.ExitCode = ChatDraftBenchmark.Run(options.WorkDirectory);
    return;
}
var taxonomy = GapTaxonomy.LoadOrThrow(TestPaths.Content);
var results = new List<SizeResult>();
var loadAtStart = Machine.LoadAverage();
Directory.CreateDirectory(options.WorkDirectory);
AnsiConsole.MarkupLine($"[bold]Postmortems benchmark[/]: sizes {string.Join(", ", options.Sizes)}; work in {options.WorkDirectory}; load average {loadAtStart}");
AnsiConsole.MarkupLine("Building the web app in Release ...");
WebApp.Build();
if (args.Contains("--pages"))
{
    Environment.ExitCode = PagesRun.Run(options, taxonomy);
    return;
}
var design = DesignText.FiveKilobytes();

foreach (var size in options.Sizes)
{
    var result = new SizeResult(size);
    var files = Path.Combine(options.WorkDirectory, GeneratedFiles(size));
    var data = Path.Combine(options.WorkDirectory, $"data-{size}");
    if (Directory.Exists(data)) Directory.Delete(data, recursive: true);

    AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .Start(progress =>
        {
            T Step<T>(string name, double maxValue, Func<ProgressTask, T> work)
            {
                var task = progress.AddTask($"{size:N0}: {name}", maxValue: maxValue);
                var clock = Stopwatch.StartNew();
                var value = work(task);
                result.Steps.Add((name, clock.Elapsed.TotalSeconds));
                task.Value = task.MaxValue;
                task.StopTask();
                return value;
            }

            // Where a reindex's time goes, and the most a reindex could reach here: indexing alone, from documents already read and parsed.
            (double Read, double Parse, double Index) ReindexTakenApart(IncidentStore store, string indexFolder)
            {
                var stored = new List<StoredIncident>(size);
                var read = Step("reindex taken apart: read the store", size, task => Measure.Seconds(() =>
                {
                    foreach (var incident in store.All())
                    {
                        stored.Add(incident);
                        task.Increment(1);
                    }
                }));
                var parsed = new List<SearchDocument>(size);
                var parse = Step("reindex taken apart: parse", size, task => Measure.Seconds(() =>
                {
                    foreach (var incident in stored)
                    {
                        parsed.Add(SearchDocument.From(incident, taxonomy));
                        task.Increment(1);
                    }
                }));
                stored.Clear();
                var index = Step("reindex taken apart: index the parsed documents", size, task => Measure.Seconds(() =>
                {
                    using var separate = new SearchIndex(FSDirectory.Open(indexFolder), create: true, taxonomy);
                    separate.Replace(parsed, 1, new SyncProgress(p => task.Value = p.Done), size);
                }));
                parsed.Clear();
                Directory.Delete(indexFolder, recursive: true);
                // The documents held gigabytes at 100,000: collected here, not during the searches measured next.
                GC.Collect();
                return (read, parse, index);
            }

            Step("generate files", size, task =>
            {
                if (Directory.Exists(files) && Directory.GetFiles(files).Length == size) return 0;
                if (Directory.Exists(files)) Directory.Delete(files, recursive: true);
                Directory.CreateDirectory(files);
                var generator = new IncidentGenerator(taxonomy);
                for (var i = 0; i < size; i++)
                {
                    var (id, markdown) = generator.Next(i);
                    File.WriteAllText(Path.Combine(files, id + ".md"), markdown);
                    task.Increment(1);
                }
                return 0;
            });
            result.Bytes = Directory.EnumerateFiles(files).Sum(f => new FileInfo(f).Length);

            var ids = new List<string>();
            using (var store = new IncidentStore(data, "benchmark"))
            using (var index = new IncidentIndex(store, taxonomy))
            {
                result.ImportSeconds = Step("import (parse, validate, store, index)", size, task => Measure.Seconds(() =>
                {
                    var importer = new IncidentImporter(store, new IncidentValidator(taxonomy), new Suggester(taxonomy, index));
                    using (index.Batch())
                    {
                        var report = importer.Import(files, new ImportOptions("benchmark"), new SyncProgress(p => task.Value = p.Done));
                        if (report.HasFailures) throw new InvalidOperationException($"{report.Count(ImportOutcome.Failed)} generated files failed to import");
                    }
                }));
                result.ReindexSeconds = Step("reindex from the store", size, task => Measure.Seconds(() => index.Rebuild(new SyncProgress(p => task.Value = p.Done))));
                (result.ReadSeconds, result.ParseSeconds, result.IndexParsedSeconds) = ReindexTakenApart(store, Path.Combine(options.WorkDirectory, $"apart-{size}"));

                using var lucene = new RawLucene(Path.Combine(options.WorkDirectory, $"lucene-{size}"));
                result.RawIndexSeconds = Step("plain Lucene: index the same files", size, task => Measure.Seconds(() =>
                    lucene.Index(Directory.EnumerateFiles(files).Select(f =>
                    {
                        task.Increment(1);
                        return (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f));
                    }))));

                var queries = QueryMix.Queries.Count * (options.Rounds + 1);
                var pairs = QueryMix.Queries.Select(q => (Ours: q, Plain: QueryMix.PlainWords(q))).ToList();
                (result.Search, result.RawSearch) = Step("search: top 10, snippets, facets; plain Lucene: search", queries, task =>
                    Measure.Pairs(pairs, options.Rounds, q => index.Search(new SearchRequest(q.Ours, 10)), q => { lucene.Search(q.Plain); task.Increment(1); }));
                foreach (var (shape, inShape) in QueryMix.Shapes)
                {
                    var (ours, plain) = Step($"search, {shape}; plain Lucene: search", inShape.Count * (options.Rounds + 1), task =>
                        Measure.Pairs(inShape.Select(q => (Ours: q, Plain: QueryMix.PlainWords(q))).ToList(), options.Rounds,
                            q => index.Search(new SearchRequest(q.Ours, 10)), q => { lucene.Search(q.Plain); task.Increment(1); }));
                    result.SearchByShape.Add((shape, ours, plain));
                }
                result.SearchWithoutHits = Step("search: count and facets only", queries, task =>
                    Measure.Calls(QueryMix.Queries, options.Rounds, q => { index.Search(new SearchRequest(q, 0)); task.Increment(1); }));

                ids.AddRange(store.List(0, 100).Select(s => s.Id));
                (result.Similar, result.RawSimilar) = Step("similar incidents; plain Lucene: MoreLikeThis", ids.Count * 3, task =>
                    Measure.Pairs(ids, 2, id => index.Similar(id, 5), id => { lucene.Similar(id); task.Increment(1); }));

                var checker = new DesignChecker(index, taxonomy, store);
                var checks = Enumerable.Repeat(design, 20).ToList();
                (result.DesignCheck, result.RawDesignCheck) = Step("design check of a 5 KB text; plain Lucene: MoreLikeThis of the text", checks.Count * 3, task =>
                    Measure.Pairs(checks, 2, text => checker.Check(text), text => { lucene.LikeText(text); task.Increment(1); }));
            }

            using var app = Step("web app: cold start to the first 200 of /", 1, _ => WebApp.Start(data, TimeSpan.FromMinutes(5)));
            result.ColdStartSeconds = app.ColdStart.TotalSeconds;
            result.Page = Step("web app: GET /incidents/{id}", ids.Count * 3, task =>
                Measure.Calls(ids, 2, id => { app.Get($"/incidents/{Uri.EscapeDataString(id)}").GetAwaiter().GetResult(); task.Increment(1); }));
            var searches = QueryMix.Queries.Select(q => $"/api/search?q={Uri.EscapeDataString(q)}&limit=10").ToList();
            (result.ApiRuns, result.Api) = Step($"web app: GET /api/search, {options.Clients} clients, {WebApp.LoadRuns} x {options.LoadDuration.TotalSeconds:0} s", 1, _ =>
                app.Throughput(searches, options.Clients, WebApp.LoadWarmUp, options.LoadDuration));
            result.ResidentMegabytes = app.ResidentMegabytes();
            app.Dispose();
            (result.ReportPages, result.StartSearches) = Step("web app, started again: report pages; and again: the first searches", 1, _ => PagesRun.Measure(data, taxonomy, options.Rounds));
        });

    AnsiConsole.MarkupLine(Markup.Escape(
        $"{size:N0}: import {result.ImportRate:N0}/s, reindex {result.ReindexRate:N0}/s, search {result.Search}, plain Lucene {result.RawSearch}, " +
        $"cold start {result.ColdStartSeconds:0.00} s, /api/search {result.ApiRequestsPerSecond:N0}/s, {result.ResidentMegabytes:N0} MB resident"));
    results.Add(result);
}

var words = WordFrequencies.Compare(Path.Combine(options.WorkDirectory, GeneratedFiles(options.Sizes.Max())));
var report = Report.Write(results, options, loadAtStart, words);
File.WriteAllText(options.ReportPath, report);
AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(options.ReportPath)}[/]");
if (!options.KeepWork) Directory.Delete(options.WorkDirectory, recursive: true);

/// <summary>Named after the generator's version, so that files from an older generator are never measured again.</summary>
static string GeneratedFiles(int size) => $"files-{size}-g{IncidentGenerator.Version}";

internal sealed class SyncProgress(Action<FileProgress> report) : IProgress<FileProgress>
{
    public void Report(FileProgress value) => report(value);
}

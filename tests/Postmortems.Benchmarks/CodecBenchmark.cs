using System.Globalization;
using Lucene.Net.Codecs.Lucene46;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Postmortems.Core.Format;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Tests;
using Spectre.Console;
using Directory = System.IO.Directory;

namespace Postmortems.Benchmarks;

/// <summary>
/// Issue 17 asks whether <c>IncidentCodec</c> (Lucene's default codec with a faster reader of stored fields) pays for
/// itself. The same index is read two ways in one run: as the app writes it (our codec), and copied by Lucene into its
/// default codec (the same documents in the same order). A page of hits is ten documents' stored fields; both readers
/// load the same pages in turn, after a warm-up, and an A/A pair (our reader against itself) shows the noise.
/// Run: <c>dotnet run -c Release --project tests/Postmortems.Benchmarks -- codec [--size N]</c>.
/// </summary>
public static class CodecBenchmark
{
    private const int PageSize = 10;
    private const int Pages = 400;
    private const int Rounds = 20;

    public static int Run(string[] args)
    {
        var size = args.SkipWhile(a => a != "--size").Skip(1).Select(int.Parse).FirstOrDefault(20_000);
        var work = Path.Combine(Path.GetTempPath(), "postmortems-codec-benchmark");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        var taxonomy = GapTaxonomy.LoadOrThrow(TestPaths.Content);
        AnsiConsole.MarkupLine($"[bold]Codec benchmark[/]: {size:N0} generated incidents in {work}; load average {Machine.LoadAverage()}");

        var data = Path.Combine(work, "data");
        var search = Index(size, data, taxonomy);
        var ours = Path.Combine(data, "index");
        var plain = Path.Combine(work, "index-lucene46");
        using var oursDirectory = FSDirectory.Open(ours);
        using var oursReader = DirectoryReader.Open(oursDirectory);
        using (var plainDirectory = FSDirectory.Open(plain))
        using (var writer = new IndexWriter(plainDirectory, new IndexWriterConfig(LuceneVersion.LUCENE_48, null) { Codec = new Lucene46Codec() }))
        {
            writer.AddIndexes(oursReader);
            writer.ForceMerge(Math.Max(1, oursReader.Leaves.Count));
            writer.Commit();
        }
        using var plainDirectoryForReading = FSDirectory.Open(plain);
        using var plainReader = DirectoryReader.Open(plainDirectoryForReading);
        if (plainReader.MaxDoc != oursReader.MaxDoc) throw new InvalidOperationException("The copy does not hold the same documents");

        var random = new Random(17);
        var pages = Enumerable.Range(0, Pages)
            .Select(_ => Enumerable.Range(0, PageSize).Select(_ => random.Next(oursReader.MaxDoc)).ToArray())
            .ToList();
        foreach (var doc in pages[0])
        {
            if (oursReader.Document(doc).Get(SearchFields.Id) != plainReader.Document(doc).Get(SearchFields.Id))
                throw new InvalidOperationException($"Document {doc} differs between the two copies");
        }

        void Load(IndexReader reader, int[] page)
        {
            foreach (var doc in page) reader.Document(doc);
        }

        var (withOurs, withLucene) = Measure.Pairs(pages, Rounds, page => Load(oursReader, page), page => Load(plainReader, page));
        var (first, second) = Measure.Pairs(pages, Rounds, page => Load(oursReader, page), page => Load(oursReader, page));

        var report = string.Create(CultureInfo.InvariantCulture, $"""
            | reader | a page of {PageSize} hits' stored fields, p50 / p95 / p99 |
            |---|---:|
            | IncidentCodec (ours) | {withOurs.P50:0.000} / {withOurs.P95:0.000} / {withOurs.P99:0.000} ms |
            | Lucene46Codec (Lucene's) | {withLucene.P50:0.000} / {withLucene.P95:0.000} / {withLucene.P99:0.000} ms |
            | A/A: ours against itself | {first.P50:0.000} and {second.P50:0.000} ms p50 |

            {size:N0} incidents, {oursReader.Leaves.Count} segments (ours), {plainReader.Leaves.Count} (copy); {Pages} pages of random hits, {Rounds} rounds, interleaved.
            Saved per page of hits: {withLucene.P50 - withOurs.P50:0.000} ms p50, against a full search call (top 10, snippets, facets; query mix of the main benchmark) of {search.P50:0.000} ms p50 on the same index: {(withLucene.P50 - withOurs.P50) / search.P50:P0}.
            """);
        AnsiConsole.WriteLine(report);
        File.WriteAllText(Path.Combine(work, "report-codec.md"), report);
        return 0;
    }

    /// <returns>The full search call's latencies over the benchmark's query mix, on the index just written.</returns>
    private static Latencies Index(int size, string data, GapTaxonomy taxonomy)
    {
        AnsiConsole.MarkupLine($"Generating and indexing {size:N0} incidents ...");
        var generator = new IncidentGenerator(taxonomy);
        using var store = new IncidentStore(data, "codec benchmark");
        using var index = new IncidentIndex(store, taxonomy);
        using (index.Batch())
        using (store.Batch())
        {
            for (var i = 0; i < size; i++)
            {
                var (_, markdown) = generator.Next(i);
                store.Save(IncidentDocument.Parse(markdown), "benchmark");
            }
        }
        return Measure.Calls(QueryMix.Queries, 10, query => index.Search(query));
    }
}

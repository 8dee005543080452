using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Postmortems.Core.Search;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Search;

/// <summary>One file of the public archives: its id (path without .md) and its raw text.</summary>
public sealed record CorpusFile(string Id, string Text);

/// <summary>
/// The public archives in ../shared/corpus read straight from disk (not through the importer): icco's files with
/// foreign front matter, DFDS's free-form ones and PostHog's long-form ones. Licences, SOURCE notes and templates
/// are not incidents.
/// </summary>
public static class Corpus
{
    public static IReadOnlyList<CorpusFile> Load()
    {
        var root = TestPaths.SharedCorpus ?? throw new InvalidOperationException("no corpus");
        return System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("LICENSE" or "SOURCE.md") && !Path.GetFileName(f).Contains("template", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f =>
            {
                var relative = Path.GetRelativePath(root, f).Replace('\\', '/');
                var id = relative.EndsWith(".md", StringComparison.Ordinal) ? relative[..^3] : relative;
                return new CorpusFile(id, File.ReadAllText(f));
            })
            .ToList();
    }

    /// <summary>Our search: each file mapped to fields the way any Markdown is (title, summary, sections, keywords).</summary>
    public static SearchIndex OurIndex(IReadOnlyList<CorpusFile> files)
    {
        var index = SearchIndex.InMemory();
        index.Replace(files.Select(f => SearchDocument.FromMarkdown(f.Id, f.Text, source: f.Id)), generation: 0);
        return index;
    }
}

/// <summary>
/// The baseline: Lucene's BM25 over each file's raw text in one field, analyzed by the EnglishAnalyzer (stop words,
/// possessives, Porter stemming), the query's words ORed.
/// </summary>
public sealed class Bm25Baseline : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private readonly RAMDirectory _directory = new();
    private readonly EnglishAnalyzer _analyzer = new(Version);
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public Bm25Baseline(IReadOnlyList<CorpusFile> files)
    {
        var similarity = new BM25Similarity();
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { Similarity = similarity }))
        {
            foreach (var file in files)
                writer.AddDocument(new Document { new StringField("id", file.Id, Field.Store.YES), new TextField("text", file.Text, Field.Store.NO) });
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = similarity };
    }

    public IReadOnlyList<string> Search(string query, int limit)
    {
        var parsed = new QueryParser(Version, "text", _analyzer).Parse(QueryParserBase.Escape(query));
        return _searcher.Search(parsed, limit).ScoreDocs.Select(d => _searcher.Doc(d.Doc).Get("id")).ToList();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}

/// <summary>Graded relevance: 3 the incident is about exactly this, 2 it is a major part, 1 it plays a real but minor role.</summary>
public static class Metrics
{
    public const int K = 5;

    /// <summary>Normalized discounted cumulative gain at <see cref="K"/>, with gain 2^grade - 1.</summary>
    public static double NdcgAtK(IReadOnlyList<int> grades, IEnumerable<int> allJudged)
    {
        static double Dcg(IEnumerable<int> g) => g.Take(K).Select((grade, i) => (Math.Pow(2, grade) - 1) / Math.Log2(i + 2)).Sum();
        var ideal = Dcg(allJudged.OrderByDescending(g => g));
        return ideal == 0 ? 0 : Dcg(grades) / ideal;
    }

    /// <summary>Precision at <see cref="K"/>: the share of the first five that are relevant at all.</summary>
    public static double PrecisionAtK(IReadOnlyList<int> grades) => grades.Take(K).Count(g => g > 0) / (double)K;
}

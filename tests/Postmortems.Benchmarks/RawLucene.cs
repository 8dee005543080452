using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Postmortems.Core.Search;

namespace Postmortems.Benchmarks;

/// <summary>
/// The physical limit of our stack: plain Lucene.Net on the same documents, EnglishAnalyzer, a title and a body
/// field, a two-field query for the top 10 with stored fields. What our search costs is measured against this.
/// </summary>
public sealed class RawLucene : IDisposable
{
    private readonly FSDirectory _directory;
    private readonly EnglishAnalyzer _analyzer = new(LuceneVersion.LUCENE_48);
    private DirectoryReader? _reader;

    public RawLucene(string path) => _directory = FSDirectory.Open(path);

    public void Index(IEnumerable<(string Id, string Markdown)> incidents)
    {
        using var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, _analyzer) { OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 64 });
        foreach (var (id, markdown) in incidents)
        {
            var title = markdown.Split('\n').FirstOrDefault(l => l.StartsWith("title: ", StringComparison.Ordinal))?[7..] ?? id;
            writer.AddDocument(new Document
            {
                new StringField("id", id, Field.Store.YES),
                new TextField("title", title, Field.Store.YES),
                new TextField("body", SearchDocument.PlainText(markdown), Field.Store.NO),
            });
        }
        writer.Commit();
        _reader = DirectoryReader.Open(_directory);
    }

    public int Search(string query)
    {
        var searcher = new IndexSearcher(_reader!);
        var parser = new MultiFieldQueryParser(LuceneVersion.LUCENE_48, ["title", "body"], _analyzer);
        var top = searcher.Search(parser.Parse(QueryParserBase.Escape(query)), 10);
        foreach (var hit in top.ScoreDocs) _ = searcher.Doc(hit.Doc).Get("title");
        return top.TotalHits;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}

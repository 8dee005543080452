using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Postmortems.Core.Search;

namespace Postmortems.Benchmarks;

/// <summary>
/// The physical limit of our stack: plain Lucene.Net on the same documents, EnglishAnalyzer, a title and a body
/// field, a two-field query for the top 10 with stored fields, and MoreLikeThis for similar documents and for a
/// text. What our search costs is measured against this. It indexes on one thread, as a plain program would.
/// </summary>
public sealed class RawLucene : IDisposable
{
    private readonly FSDirectory _directory;
    private readonly EnglishAnalyzer _analyzer = new(LuceneVersion.LUCENE_48);
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;

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
        _searcher = new IndexSearcher(_reader);
    }

    public int Search(string query)
    {
        var parser = new MultiFieldQueryParser(LuceneVersion.LUCENE_48, ["title", "body"], _analyzer);
        var top = _searcher!.Search(parser.Parse(QueryParserBase.Escape(query)), 10);
        foreach (var hit in top.ScoreDocs) _ = _searcher.Doc(hit.Doc).Get("title");
        return top.TotalHits;
    }

    private MoreLikeThis Mlt() => new(_reader!)
    {
        Analyzer = _analyzer,
        FieldNames = ["title", "body"],
        MinTermFreq = 1,
        MinDocFreq = 2,
        MaxQueryTerms = 30,
    };

    /// <summary>The 5 documents most like this one, with their stored titles.</summary>
    public int Similar(string id)
    {
        var self = _searcher!.Search(new TermQuery(new Term("id", id)), 1);
        if (self.TotalHits == 0) return 0;
        return Titles(Mlt().Like(self.ScoreDocs[0].Doc));
    }

    /// <summary>The 5 documents most like a text that is not in the index.</summary>
    public int LikeText(string text) => Titles(Mlt().Like(new StringReader(text), "body"));

    private int Titles(Query query)
    {
        var top = _searcher!.Search(query, 5);
        foreach (var hit in top.ScoreDocs) _ = _searcher.Doc(hit.Doc).Get("title");
        return top.ScoreDocs.Length;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}

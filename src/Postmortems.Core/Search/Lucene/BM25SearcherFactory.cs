using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Postmortems.Core.Search.Lucene;

/// <summary>Searchers that score with the index's similarity, on readers whose facet ordinals are already read.</summary>
internal sealed class BM25SearcherFactory(Similarity similarity) : SearcherFactory
{
    public override IndexSearcher NewSearcher(IndexReader reader)
    {
        // Read a new segment's facet ordinals now rather than in the first search that meets it.
        foreach (var leaf in reader.Leaves) FacetOrdinals.For(leaf.AtomicReader);
        return new IndexSearcher(reader) { Similarity = similarity };
    }
}

using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Postmortems.Core.Search;

/// <summary>
/// Which of a query's words each of a few incidents has, and in which fields: read from the postings (one look-up per
/// word, field and segment, then a skip to each incident), never from the stored text, so it costs the same for a
/// short incident as for a long one.
/// </summary>
internal static class WordMatches
{
    /// <summary>
    /// For each incident (a top-level document number), one bit mask per word: bit i set when field i of
    /// <paramref name="fields"/> has every term of the word.
    /// </summary>
    public static Dictionary<int, int[]> Find(IndexReader reader, IReadOnlyList<QueryWord> words, IEnumerable<int> docs, IReadOnlyList<string> fields)
    {
        var found = docs.Distinct().ToDictionary(d => d, _ => new int[words.Count]);
        if (words.Count == 0 || found.Count == 0) return found;
        var leaves = reader.Leaves;
        foreach (var inLeaf in found.Keys.GroupBy(d => ReaderUtil.SubIndex(d, leaves)))
        {
            var leaf = leaves[inLeaf.Key];
            var ordered = inLeaf.Select(d => d - leaf.DocBase).Order().ToArray();
            for (var f = 0; f < fields.Count; f++)
            {
                var terms = leaf.AtomicReader.GetTerms(fields[f])?.GetEnumerator();
                if (terms is null) continue;
                for (var w = 0; w < words.Count; w++)
                {
                    var having = ordered.ToHashSet();
                    foreach (var term in words[w].Terms)
                    {
                        having.IntersectWith(terms.SeekExact(new BytesRef(term)) ? Having(terms.Docs(null, null, DocsFlags.NONE), ordered) : []);
                        if (having.Count == 0) break;
                    }
                    foreach (var doc in having) found[doc + leaf.DocBase][w] |= 1 << f;
                }
            }
        }
        return found;
    }

    /// <summary>The documents of <paramref name="ordered"/> (ascending) that <paramref name="postings"/> lists.</summary>
    private static IEnumerable<int> Having(DocsEnum postings, int[] ordered)
    {
        var having = new List<int>();
        foreach (var doc in ordered)
        {
            var at = postings.DocID >= doc ? postings.DocID : postings.Advance(doc);
            if (at == DocIdSetIterator.NO_MORE_DOCS) break;
            if (at == doc) having.Add(doc);
        }
        return having;
    }

    /// <summary>How rare a word is (BM25's idf of its rarest term in the combined field): what it is worth in a query.</summary>
    public static double Rarity(IndexReader reader, QueryWord word)
    {
        var documents = Math.Max(reader.NumDocs, 1);
        var docFreq = word.Terms.Min(t => reader.DocFreq(new Term(SearchFields.All, t)));
        return Math.Log(1 + (documents - docFreq + 0.5) / (docFreq + 0.5));
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Postmortems.Core.Search.Lucene;

/// <summary>
/// Where each term of a query is in the index (its terms-dictionary entry in each segment), looked up once per
/// searcher and word rather than once per search. A ranking query is every word in six fields; looking those up
/// again at every search, each with a fresh terms reader, was a tenth of a search's time and a sixth of what it
/// allocated. A searcher never changes, so what was looked up stays true for as long as it is open.
/// </summary>
internal static class TermStates
{
    /// <summary>More distinct words than people search for between two changes to the index; past it, start over.</summary>
    private const int MaxTermsPerSearcher = 20_000;

    private static readonly ConditionalWeakTable<IndexReader, ConcurrentDictionary<Term, TermContext>> BySearcher = new();

    /// <summary>The query with every term query (inside boolean ones) carrying its looked-up state for this searcher.</summary>
    public static Query Resolved(IndexSearcher searcher, Query query)
    {
        var states = BySearcher.GetValue(searcher.IndexReader, _ => new ConcurrentDictionary<Term, TermContext>());
        if (states.Count > MaxTermsPerSearcher) states.Clear();
        return Resolved(searcher.TopReaderContext, states, query);
    }

    private static Query Resolved(IndexReaderContext top, ConcurrentDictionary<Term, TermContext> states, Query query)
    {
        switch (query)
        {
            case TermQuery term:
                return new TermQuery(term.Term, states.GetOrAdd(term.Term, t => TermContext.Build(top, t))) { Boost = term.Boost };
            case BooleanQuery boolean:
                var resolved = new BooleanQuery(boolean.CoordDisabled) { Boost = boolean.Boost, MinimumNumberShouldMatch = boolean.MinimumNumberShouldMatch };
                foreach (var clause in boolean.Clauses) resolved.Add(Resolved(top, states, clause.Query), clause.Occur);
                return resolved;
            case DisjunctionMaxQuery anyOf:
                var resolvedAnyOf = new DisjunctionMaxQuery(anyOf.TieBreakerMultiplier) { Boost = anyOf.Boost };
                foreach (var disjunct in anyOf.Disjuncts) resolvedAnyOf.Add(Resolved(top, states, disjunct));
                return resolvedAnyOf;
            default:
                return query;
        }
    }
}

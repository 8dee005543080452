using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Postmortems.Core.Search;

/// <summary>
/// Counts, over every matching incident (not just the page shown), how many have each value of the facet fields,
/// from their sorted-set doc values: per segment by ordinal, then by value (both read once per segment by <see cref="FacetOrdinals"/>).
/// </summary>
internal sealed class FacetCollector(IReadOnlyList<(string Field, string Name)> facets) : ICollector
{
    private readonly Dictionary<string, Dictionary<string, int>> _counts =
        facets.ToDictionary(f => f.Name, _ => new Dictionary<string, int>(StringComparer.Ordinal));

    private readonly FieldOrdinals?[] _ordinals = new FieldOrdinals?[facets.Count];
    private readonly int[][] _segmentCounts = new int[facets.Count][];

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) { }

    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        var segment = FacetOrdinals.For(context.AtomicReader);
        for (var i = 0; i < facets.Count; i++)
        {
            _ordinals[i] = segment[facets[i].Field];
            _segmentCounts[i] = _ordinals[i] is { } field ? new int[field.Values.Length] : [];
        }
    }

    public void Collect(int doc)
    {
        for (var i = 0; i < _ordinals.Length; i++)
        {
            if (_ordinals[i] is not { } field) continue;
            var counts = _segmentCounts[i];
            var ordinals = field.Ordinals;
            for (int at = field.Starts[doc], end = field.Starts[doc + 1]; at < end; at++) counts[ordinals[at]]++;
        }
    }

    /// <summary>Turns the last segment's ordinal counts into counts by value.</summary>
    private void Flush()
    {
        for (var i = 0; i < _ordinals.Length; i++)
        {
            if (_ordinals[i] is not { } field) continue;
            var counts = _counts[facets[i].Name];
            var segment = _segmentCounts[i];
            for (var ord = 0; ord < segment.Length; ord++)
            {
                if (segment[ord] == 0) continue;
                ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, field.Values[ord], out _);
                count += segment[ord];
            }
            _ordinals[i] = null;
        }
    }

    /// <summary>Each facet's values, most incidents first, then by value (years newest first).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Result()
    {
        Flush();
        return facets.ToDictionary(f => f.Name, f => (IReadOnlyList<FacetValue>)_counts[f.Name]
            .Select(kv => new FacetValue(kv.Key, kv.Value))
            .OrderByDescending(v => f.Field == SearchFields.Year ? 0 : v.Count)
            .ThenBy(v => f.Field == SearchFields.Year ? "" : v.Value, StringComparer.Ordinal)
            .ThenByDescending(v => f.Field == SearchFields.Year ? v.Value : "", StringComparer.Ordinal)
            .ToList());
    }
}

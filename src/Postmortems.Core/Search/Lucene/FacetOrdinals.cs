using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Postmortems.Core.Search.Lucene;

/// <summary>
/// One segment's facet values as plain arrays of ordinals and their values, per facet field. Reading sorted-set doc values decodes
/// packed ordinals for every matching incident of every search, which costs more than matching on a large index; a
/// segment never changes once written, so its ordinals are read once, when the first searcher that sees it opens.
/// </summary>
internal sealed class FacetOrdinals
{
    private static readonly ConditionalWeakTable<object, FacetOrdinals> Segments = new();

    private readonly Dictionary<string, FieldOrdinals> _fields = new(StringComparer.Ordinal);

    private FacetOrdinals(AtomicReader reader)
    {
        foreach (var (field, _) in SearchFields.Facets)
        {
            if (reader.GetSortedSetDocValues(field) is { } values) _fields[field] = FieldOrdinals.Read(values, reader.MaxDoc);
        }
    }

    /// <summary>The segment's ordinals, shared by every reader of the same segment (deletions change nothing here).</summary>
    public static FacetOrdinals For(AtomicReader reader) => Segments.GetValue(reader.CoreCacheKey, _ => new FacetOrdinals(reader));

    public FieldOrdinals? this[string field] => _fields.GetValueOrDefault(field);
}

/// <summary>
/// The ordinals of document d are <c>Ordinals[Starts[d]..Starts[d + 1]]</c>; the value of ordinal o is <c>Values[o]</c>.
/// In a field where no document has more than one value (severity, status, year), <c>Single[d]</c> is document d's
/// ordinal or -1: one read per match instead of three.
/// </summary>
internal sealed class FieldOrdinals(int[] starts, int[] ordinals, string[] values)
{
    public int[] Starts { get; } = starts;
    public int[] Ordinals { get; } = ordinals;
    public string[] Values { get; } = values;
    public int[]? Single { get; } = SingleOrdinals(starts, ordinals);

    private static int[]? SingleOrdinals(int[] starts, int[] ordinals)
    {
        var single = new int[starts.Length - 1];
        for (var doc = 0; doc < single.Length; doc++)
        {
            var count = starts[doc + 1] - starts[doc];
            if (count > 1) return null;
            single[doc] = count == 0 ? -1 : ordinals[starts[doc]];
        }
        return single;
    }

    public static FieldOrdinals Read(SortedSetDocValues values, int maxDoc)
    {
        var starts = new int[maxDoc + 1];
        var ordinals = new List<int>(maxDoc);
        for (var doc = 0; doc < maxDoc; doc++)
        {
            starts[doc] = ordinals.Count;
            values.SetDocument(doc);
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS) ordinals.Add(checked((int)ord));
        }
        starts[maxDoc] = ordinals.Count;
        var names = new string[checked((int)values.ValueCount)];
        var term = new BytesRef();
        for (var ord = 0; ord < names.Length; ord++)
        {
            values.LookupOrd(ord, term);
            names[ord] = term.Utf8ToString();
        }
        return new FieldOrdinals(starts, [.. ordinals], names);
    }
}

using System.Globalization;
using System.Text;
using Postmortems.Core.Search;
using Xunit.Abstractions;

namespace Postmortems.Core.Tests.Search;

/// <summary>
/// Our search against plain BM25 over the raw text, on the same files and the same judged queries, in one run.
/// The floors keep relevance from regressing silently; the numbers printed here are the ones in docs/search.md.
/// </summary>
public sealed class RelevanceTests(ITestOutputHelper output)
{
    /// <summary>What ours must reach, and by how much it must beat BM25 (a little under what it measures now).</summary>
    public const double NdcgFloor = 0.85;
    public const double PrecisionFloor = 0.62;
    public const double MinimumNdcgMargin = 0.10;

    [CorpusFact]
    public void Our_search_beats_plain_bm25_on_the_judged_queries()
    {
        var files = Corpus.Load();
        using var ours = Corpus.OurIndex(files);
        using var baseline = new Bm25Baseline(files);

        var table = new StringBuilder("| query | nDCG@5 ours | nDCG@5 BM25 | P@5 ours | P@5 BM25 |\n|---|---|---|---|---|\n");
        double oursNdcg = 0, bm25Ndcg = 0, oursPrecision = 0, bm25Precision = 0;
        foreach (var judged in RelevanceSet.Queries)
        {
            var ourIds = ours.Search(new SearchRequest(judged.Query, Metrics.K)).Hits.Select(h => h.Id).ToList();
            var bm25Ids = baseline.Search(judged.Query, Metrics.K);
            var ourGrades = ourIds.Select(id => RelevanceSet.Grade(judged, id)).ToList();
            var bm25Grades = bm25Ids.Select(id => RelevanceSet.Grade(judged, id)).ToList();
            var scores = (On: Metrics.NdcgAtK(ourGrades, judged.Grades.Values), Bn: Metrics.NdcgAtK(bm25Grades, judged.Grades.Values),
                Op: Metrics.PrecisionAtK(ourGrades), Bp: Metrics.PrecisionAtK(bm25Grades));
            oursNdcg += scores.On; bm25Ndcg += scores.Bn; oursPrecision += scores.Op; bm25Precision += scores.Bp;
            table.Append(CultureInfo.InvariantCulture, $"| `{judged.Query}` | {scores.On:F2} | {scores.Bn:F2} | {scores.Op:F2} | {scores.Bp:F2} |\n");
            output.WriteLine($"{judged.Query}: ours [{string.Join(' ', ourGrades)}] {string.Join(", ", ourIds.Select(Short))}");
            output.WriteLine($"{judged.Query}: bm25 [{string.Join(' ', bm25Grades)}] {string.Join(", ", bm25Ids.Select(Short))}");
        }

        var n = RelevanceSet.Queries.Count;
        (oursNdcg, bm25Ndcg, oursPrecision, bm25Precision) = (oursNdcg / n, bm25Ndcg / n, oursPrecision / n, bm25Precision / n);
        table.Append(CultureInfo.InvariantCulture, $"| **mean of {n}** | **{oursNdcg:F3}** | **{bm25Ndcg:F3}** | **{oursPrecision:F3}** | **{bm25Precision:F3}** |\n");
        output.WriteLine($"{files.Count} files, {n} queries");
        output.WriteLine(table.ToString());

        Assert.True(oursNdcg >= NdcgFloor, $"nDCG@5 of our search fell to {oursNdcg:F3} (floor {NdcgFloor})");
        Assert.True(oursPrecision >= PrecisionFloor, $"P@5 of our search fell to {oursPrecision:F3} (floor {PrecisionFloor})");
        Assert.True(oursNdcg - bm25Ndcg >= MinimumNdcgMargin, $"our nDCG@5 {oursNdcg:F3} no longer beats BM25's {bm25Ndcg:F3} by {MinimumNdcgMargin}");
    }

    [CorpusFact]
    public void Every_judged_key_names_exactly_one_file()
    {
        var names = Corpus.Load().Select(f => f.Id[(f.Id.LastIndexOf('/') + 1)..]).ToList();
        foreach (var judged in RelevanceSet.Queries)
            foreach (var key in judged.Grades.Keys)
                Assert.True(names.Count(n => n.StartsWith(key, StringComparison.Ordinal)) == 1, $"'{key}' ({judged.Query}) does not name exactly one file");
        Assert.True(RelevanceSet.Queries.Count >= 20);
    }

    private static string Short(string id) => id[(id.LastIndexOf('/') + 1)..] is var name && name.Length > 22 ? name[..22] : id[(id.LastIndexOf('/') + 1)..];
}

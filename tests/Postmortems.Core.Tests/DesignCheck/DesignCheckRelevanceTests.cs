using System.Diagnostics;
using System.Globalization;
using System.Text;
using Postmortems.Core.DesignCheck;
using Postmortems.Tests;
using Xunit.Abstractions;

namespace Postmortems.Core.Tests.DesignCheck;

/// <summary>How often the design check brings up an incident it should, over <see cref="DesignTexts"/>.</summary>
internal static class DesignCheckScore
{
    public const int TopK = 5;

    /// <summary>The floor the acceptance sets: an expected incident in the top 5 for at least 80% of the texts.</summary>
    public const double Floor = 0.8;

    /// <summary>Runs every text, writes one line per text (rank of each expected incident found), returns the hit rate.</summary>
    public static double HitRate(DesignChecker checker, Func<DesignText, IReadOnlyList<string>> expected, ITestOutputHelper output)
    {
        var hits = 0;
        var judged = 0;
        var precision = 0.0;
        foreach (var text in DesignTexts.All)
        {
            var want = expected(text);
            if (want.Count == 0) continue;
            judged++;
            var result = checker.Check(text.Text, TopK);
            var top = result.Incidents.Select(i => i.Id).ToList();
            var found = top.Select((id, rank) => (id, rank)).Where(x => want.Contains(x.id)).ToList();
            if (found.Count > 0) hits++;
            precision += found.Count / (double)TopK;
            output.WriteLine($"{(found.Count > 0 ? "hit " : "MISS")}  {text.Name,-42} expected at {(found.Count == 0 ? "-" : string.Join(",", found.Select(f => f.rank + 1)))}  top: {string.Join(" | ", top)}");
        }
        var rate = hits / (double)judged;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{hits} of {judged} texts ({rate:P0}) have an expected incident in the top {TopK}; mean precision@{TopK} {precision / judged:0.00}"));
        return rate;
    }
}

public sealed class SeedDesignCheckRelevanceTests(SeedDesignCheckStore seed, ITestOutputHelper output) : IClassFixture<SeedDesignCheckStore>
{
    [Fact]
    public void On_the_seed_content_alone_an_expected_seed_incident_is_in_the_top_5_for_at_least_80_percent_of_the_designs()
    {
        var rate = DesignCheckScore.HitRate(seed.Checker!, t => t.Seed, output);

        Assert.True(rate >= DesignCheckScore.Floor, $"hit rate {rate:P0} is under the {DesignCheckScore.Floor:P0} floor");
    }
}

public sealed class CorpusDesignCheckRelevanceTests(CorpusDesignCheckStore corpus, ITestOutputHelper output) : IClassFixture<CorpusDesignCheckStore>
{
    private const string NoCorpus = "../shared/corpus is not beside the repository: the design check's acceptance over the public archives needs it (the seed-only test still runs)";

    [SkippableFact]
    public void On_the_seed_content_and_the_public_archives_an_expected_incident_is_in_the_top_5_for_at_least_80_percent_of_the_designs()
    {
        Skip.If(corpus.Checker is null, NoCorpus);

        var rate = DesignCheckScore.HitRate(corpus.Checker!, t => [.. t.All], output);

        Assert.True(rate >= DesignCheckScore.Floor, $"hit rate {rate:P0} is under the {DesignCheckScore.Floor:P0} floor");
    }

    /// <summary>
    /// The seed incidents are written in the same structured way as the designs are, so they tend to lead; the public
    /// archives' incidents must still come up. Measured at 7 of 13 (54%); the floor keeps that from sliding.
    /// </summary>
    [SkippableFact]
    public void Archive_incidents_come_up_too_not_only_the_seed_ones()
    {
        Skip.If(corpus.Checker is null, NoCorpus);

        var rate = DesignCheckScore.HitRate(corpus.Checker!, t => t.Corpus, output);

        Assert.True(rate >= 0.45, $"an expected archive incident is in the top 5 for only {rate:P0} of the designs with archive incidents");
    }

    [SkippableFact]
    public void A_20_KB_design_doc_is_checked_in_well_under_a_second()
    {
        Skip.If(corpus.Checker is null, NoCorpus);
        var doc = TwentyKilobyteDesignDoc();
        Assert.InRange(Encoding.UTF8.GetByteCount(doc), 20 * 1024, 21 * 1024);

        var first = Stopwatch.StartNew();
        var result = corpus.Checker!.Check(doc);
        first.Stop();
        var runs = Enumerable.Range(0, 5).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            corpus.Checker.Check(doc);
            return clock.Elapsed.TotalMilliseconds;
        }).Order().ToList();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"20 KB design doc over {corpus.Store!.Count()} incidents: first check {first.Elapsed.TotalMilliseconds:0} ms, then median {runs[2]:0} ms, slowest {runs[^1]:0} ms"));
        output.WriteLine($"read as: {string.Join(", ", result.Terms)}");
        foreach (var incident in result.Incidents) output.WriteLine($"  {incident.Relevance:0.00} {incident.Id}");
        Assert.NotEmpty(result.Incidents);
        // The target is under 1 s; only an absurd time fails here, so a loaded CI machine does not make this flaky.
        Assert.True(first.Elapsed < TimeSpan.FromSeconds(5), $"the first check took {first.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>A long design doc as they come (background, goals, design, alternatives, rollout, risks, FAQ, appendices): 20 KB.</summary>
    internal static string TwentyKilobyteDesignDoc() =>
        File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Postmortems.Core.Tests", "DesignCheck", "orders-multi-region-design.md"));
}

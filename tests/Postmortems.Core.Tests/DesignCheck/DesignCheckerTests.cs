using System.Text;
using System.Text.Json;
using Postmortems.Core.DesignCheck;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.DesignCheck;

/// <summary>The design check over the seed content: what it refuses, why it picks an incident, how gaps and steps add up.</summary>
public sealed class DesignCheckerTests(SeedDesignCheckStore seed) : IClassFixture<SeedDesignCheckStore>
{
    private DesignChecker Checker => seed.Checker!;

    private static string Text(string name) => DesignTexts.All.Single(t => t.Name == name).Text;

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  ")]
    public void An_empty_text_is_refused_with_a_message_that_says_what_to_paste(string text)
    {
        var refused = Assert.Throws<DesignInputException>(() => Checker.Check(text));

        Assert.Equal(DesignInputProblemKind.Empty, refused.Problem.Kind);
        Assert.Contains("empty", refused.Message);
        Assert.Contains("pull-request description", refused.Message);
    }

    [Fact]
    public void A_text_over_100_KB_is_refused_counting_bytes_not_characters_and_exactly_100_KB_is_accepted()
    {
        // 'é' is two bytes in UTF-8: 51,201 of them are 102,402 bytes, though only 51,201 characters.
        var accented = new string('é', 51_201);
        var refused = Assert.Throws<DesignInputException>(() => Checker.Check(accented));
        Assert.Equal(DesignInputProblemKind.TooLarge, refused.Problem.Kind);
        Assert.Equal(
            "The design text is 100.1 KB; the design check reads at most 100 KB. Check the sections that describe the change (what changes, rollout, risks) rather than the whole document.",
            refused.Message);

        var exactly = Text("schema migration on a big table");
        exactly += new string(' ', DesignInput.MaxBytes - Encoding.UTF8.GetByteCount(exactly));
        Assert.Equal(DesignInput.MaxBytes, Encoding.UTF8.GetByteCount(exactly));
        Assert.NotEmpty(Checker.Check(exactly).Incidents);
    }

    [Fact]
    public void Each_incident_says_why_the_distinctive_words_it_shares_and_its_best_passage_with_the_section()
    {
        var result = Checker.Check(Text("schema migration on a big table"));

        var first = result.Incidents[0];
        Assert.Equal("2025-01-21-orders-migration-table-rewrite-lock", first.Id);
        Assert.Equal(1.0, first.Relevance);
        Assert.Contains("backfill", result.Terms);
        Assert.Contains("column", first.Why.Terms);
        Assert.Contains("migration", first.Why.Terms);
        Assert.NotNull(first.Why.Section);
        Assert.StartsWith(first.Why.Section + ": ", first.Why.Snippet);
        Assert.NotEmpty(first.Why.Highlights);
        foreach (var incident in result.Incidents)
        {
            // Every word given as shared is one of the design's salient words, and the incident really uses it.
            Assert.All(incident.Why.Terms, term => Assert.Contains(term, result.Terms));
            var markdown = seed.Store!.Get(incident.Id)!.Markdown;
            Assert.All(incident.Why.Terms.Where(t => t.Length > 4), term =>
                Assert.Contains(term[..4], markdown, StringComparison.OrdinalIgnoreCase));
            Assert.All(incident.Why.Highlights, h => Assert.InRange(h.Start + h.Length, 1, incident.Why.Snippet.Length));
            Assert.InRange(incident.Relevance, DesignChecker.MinRelevance, 1.0);
        }
        Assert.Equal(result.Incidents.OrderByDescending(i => i.Relevance).Select(i => i.Id), result.Incidents.Select(i => i.Id));
    }

    [Fact]
    public void Gaps_are_ranked_by_the_summed_relevance_of_the_incidents_that_name_them()
    {
        var result = Checker.Check(Text("a connection pool change"), limit: 10);

        Assert.NotEmpty(result.Gaps);
        foreach (var gap in result.Gaps)
        {
            var expected = result.Incidents.Where(i => i.Gaps.Contains(gap.Id)).Sum(i => i.Relevance)
                + result.Incidents.Where(i => i.SuggestedGaps.Contains(gap.Id)).Sum(i => i.Relevance * DesignChecker.SuggestedWeight);
            Assert.Equal(Math.Round(expected, 3), gap.Score, precision: 2);
            Assert.Equal(result.Incidents.Where(i => i.Gaps.Contains(gap.Id) || i.SuggestedGaps.Contains(gap.Id)).Select(i => i.Id), gap.Incidents);
            Assert.Equal(Samples.Taxonomy.Value.FindGap(gap.Id)!.Checklist, gap.Checklist);
        }
        Assert.Equal(result.Gaps.OrderByDescending(g => g.Score).Select(g => g.Score), result.Gaps.Select(g => g.Score));
    }

    [Fact]
    public void The_checklist_merges_the_top_gaps_steps_in_rank_order_and_each_step_names_its_gaps_and_incidents()
    {
        var result = Checker.Check(Text("a connection pool change"), limit: 10);

        var merged = result.Gaps.Where(g => g.InChecklist).ToList();
        Assert.InRange(merged.Count, 1, DesignChecker.ChecklistGaps);
        Assert.Equal(result.Gaps.Take(merged.Count), merged);
        Assert.All(merged, g => Assert.True(g.Score >= result.Gaps[0].Score * DesignChecker.ChecklistGapShare));
        Assert.Equal(merged.SelectMany(g => g.Checklist).Distinct(), result.Checklist.Select(c => c.Text));
        foreach (var item in result.Checklist)
        {
            var gaps = merged.Where(g => g.Checklist.Contains(item.Text)).ToList();
            Assert.Equal(gaps.Select(g => g.Id), item.Gaps);
            Assert.Equal(gaps.SelectMany(g => g.Incidents).Distinct(), item.Incidents);
        }
    }

    [Fact]
    public void The_differences_that_bit_similar_changes_say_which_of_their_signals_the_design_uses()
    {
        var result = Checker.Check(Text("read replicas and failover"));

        var topology = Assert.Single(result.Differences, d => d.Id == "topology");
        // "replica" is the signal; the design says "replicas".
        Assert.Contains("replica", topology.Mentioned);
        Assert.Contains("availability zone", topology.Mentioned);
        Assert.NotEmpty(topology.Incidents);
        Assert.All(topology.Incidents, id => Assert.Contains("topology", result.Incidents.Single(i => i.Id == id).Differences));
        Assert.Equal(result.Differences.OrderByDescending(d => d.Score).Select(d => d.Id), result.Differences.Select(d => d.Id));
    }

    [Fact]
    public void Words_the_index_has_never_seen_and_the_small_words_of_prose_find_nothing()
    {
        var unknown = Checker.Check("Zorblax quuxification of the frobnicator, flurbed.");
        var prose = Checker.Check("We'll please make sure that we should really do this, as we always would; thanks!");

        Assert.Empty(unknown.Incidents);
        Assert.False(unknown.FoundAnything);
        Assert.Empty(prose.Terms);
        Assert.Empty(prose.Incidents);
        Assert.Empty(prose.Gaps);
        Assert.Empty(prose.Checklist);
    }

    [Fact]
    public void A_long_document_is_read_for_what_it_keeps_coming_back_to_not_for_its_boilerplate()
    {
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Postmortems.Core.Tests", "DesignCheck", "orders-multi-region-design.md"));

        var result = Checker.Check(doc, limit: 10);

        Assert.Contains("failover", result.Terms.Take(10));
        Assert.Contains("replica", result.Terms.Take(10));
        Assert.DoesNotContain("questions", result.Terms);
        Assert.DoesNotContain("reviewers", result.Terms.Take(10));
        // Its riskiest piece (a bigint migration with a batched backfill on a 450M-row table) brings up the migration incidents.
        Assert.Contains("2025-10-14-unbatched-backfill-replica-lag", result.Incidents.Take(5).Select(i => i.Id));
        // Top 7, not 5: the near misses in content/ share its words, so the incident sits just below the top 5.
        Assert.Contains("2025-01-21-orders-migration-table-rewrite-lock", result.Incidents.Take(7).Select(i => i.Id));
    }

    [Fact]
    public void The_json_has_the_documented_shape()
    {
        var result = Checker.Check(Text("certificate rotation"));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(DesignCheckJson.From(result), DesignCheckJson.SerializerOptions));
        var root = json.RootElement;
        Assert.Equal(["incidents", "gaps", "checklist", "differences", "terms", "markdown", "caughtBefore"], root.EnumerateObject().Select(p => p.Name));
        var incident = root.GetProperty("incidents")[0];
        Assert.Equal(["id", "title", "source", "score", "why", "gaps", "suggestedGaps", "differences"], incident.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2025-09-16-ledger-mtls-cert-expiry", incident.GetProperty("id").GetString());
        Assert.Equal(["terms", "section", "snippet"], incident.GetProperty("why").EnumerateObject().Select(p => p.Name));
        var gap = root.GetProperty("gaps")[0];
        Assert.Equal(["id", "title", "kind", "score", "incidents", "suggested", "checklist", "inChecklist"], gap.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["text", "gaps", "incidents"], root.GetProperty("checklist")[0].EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("## Design check", root.GetProperty("markdown").GetString());
    }
}

/// <summary>Stores made for one test: a taxonomy of our own, or an imported archive with suggestions only.</summary>
public sealed class DesignCheckerEdgeTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void A_step_that_two_gaps_share_appears_once_naming_both_gaps_and_all_their_incidents()
    {
        var taxonomy = new GapTaxonomy(
        [
            new Gap("gap-a", "Gap A", "review", [], "A.", ["Rehearse the change on a copy.", "Only in A."], ""),
            new Gap("gap-b", "Gap B", "testing", [], "B.", ["rehearse the change  on a copy", "Only in B."], ""),
        ], []);
        using var store = new IncidentStore(_data.Combine("data"), "tests");
        store.Save(IncidentDocument.Parse(Incident("2025-01-01-first", "Sharding the ledger by merchant", ["gap-a"])), "alice");
        store.Save(IncidentDocument.Parse(Incident("2025-01-02-second", "Sharding the ledger by region", ["gap-b"])), "alice");
        using var index = new IncidentIndex(store, taxonomy);

        var result = new DesignChecker(index, taxonomy, store).Check("We are sharding the ledger by merchant and region.");

        Assert.Equal(2, result.Incidents.Count);
        Assert.Equal(["Only in A.", "Only in B.", "Rehearse the change on a copy."], result.Checklist.Select(c => c.Text).Order(StringComparer.Ordinal));
        var shared = Assert.Single(result.Checklist, c => c.Text == "Rehearse the change on a copy.");
        Assert.Equal(["gap-a", "gap-b"], shared.Gaps);
        Assert.Equal(["2025-01-01-first", "2025-01-02-second"], shared.Incidents.Order());
    }

    [Fact]
    public void An_imported_incident_that_nobody_reviewed_brings_its_suggested_gaps_at_half_weight()
    {
        var archive = _data.Combine("archive");
        Directory.CreateDirectory(archive);
        File.WriteAllText(Path.Combine(archive, "cache-outage.md"), """
            # Cache cluster outage on 2021-03-04

            A configuration change to the memcached cluster reduced its memory, the cache hit rate collapsed and the
            database behind it was overloaded by the misses. The change was a typo in config that no review caught.
            """);
        var taxonomy = Samples.Taxonomy.Value;
        using var store = new IncidentStore(_data.Combine("data"), "tests");
        new IncidentImporter(store, new IncidentValidator(taxonomy), new Suggester(taxonomy)).Import(archive, "importer");
        using var index = new IncidentIndex(store, taxonomy);

        var result = new DesignChecker(index, taxonomy, store).Check("Shrinking the memcached cluster: less memory per node, same hit rate expected.");

        var incident = Assert.Single(result.Incidents);
        Assert.Empty(incident.Gaps);
        Assert.Contains("config-review", incident.SuggestedGaps);
        var gap = Assert.Single(result.Gaps, g => g.Id == "config-review");
        Assert.Equal([incident.Id], gap.Suggested);
        Assert.Equal(DesignChecker.SuggestedWeight, gap.Score);
    }

    private static string Incident(string id, string title, IReadOnlyList<string> gaps) => $"""
        ---
        id: {id}
        title: {title}
        date: {id[..10]}
        severity: sev2
        status: published
        differences: [scale]
        gaps: [{string.Join(", ", gaps)}]
        ---

        ## Summary

        {title} went wrong.
        """;
}

using System.Diagnostics;
using Postmortems.Core.Search;
using Xunit.Abstractions;

namespace Postmortems.Core.Tests.Search;

/// <summary>The query language, results, snippets, "did you mean" and similar incidents, on the seed content.</summary>
public sealed class QueryLanguageTests(SeededIndex seeded, ITestOutputHelper output) : IClassFixture<SeededIndex>
{
    private SearchResult Search(string query, int limit = 10, SearchSort sort = SearchSort.Relevance, int offset = 0) =>
        seeded.Index.Search(new SearchRequest(query, limit, offset, sort));

    private IReadOnlyList<string> Ids(string query, int limit = 50) => Search(query, limit).Hits.Select(h => h.Id).ToList();

    [Theory]
    [InlineData("connection pool timeout", "2024-12-02-checkout-pool-env-var-rename")]
    [InlineData("dns ttl", "2025-04-15-dns-cutover-24h-ttl-dead-vip")]
    [InlineData("migration lock", "2025-01-21-orders-migration-table-rewrite-lock")]
    [InlineData("cert expiry", "2025-09-16-ledger-mtls-cert-expiry")]
    [InlineData("k8s upgrade", "2025-02-18-k8s-125-upgrade-silent-cronjobs")]
    [InlineData("out of memory", "2026-05-19-reconciliation-job-oom-kill")]
    [InlineData("timezone payout", "2026-01-12-payout-cutoff-server-timezone")]
    public void Plain_words_put_the_right_seed_incident_first(string query, string expected) =>
        Assert.Equal(expected, Search(query).Hits[0].Id);

    [Fact]
    public void Synonyms_and_stemming_find_the_other_word()
    {
        Assert.Contains("2025-09-16-ledger-mtls-cert-expiry", Ids("certificates expired"));
        Assert.Contains("2025-02-18-k8s-125-upgrade-silent-cronjobs", Ids("kubernetes"));
        Assert.Contains("2026-05-19-reconciliation-job-oom-kill", Ids("oom"));
        Assert.Contains("2025-05-08-redis-flush-cache-stampede", Ids("db"));
    }

    [Fact]
    public void Exact_fields_filter_and_take_friendly_names()
    {
        var loadTesting = Ids("gap:load-testing");
        Assert.Equal(5, loadTesting.Count);
        Assert.Equal(loadTesting, Ids("gaps:load-testing"));

        Assert.All(Search("severity:1", 50).Hits, h => Assert.Equal("sev1", h.Severity));
        Assert.Equal(Ids("severity:sev1"), Ids("sev:1"));
        Assert.All(Search("status:draft").Hits, h => Assert.Equal("draft", h.Status));
        Assert.Equal(["2024-12-02-checkout-pool-env-var-rename"], Ids("timeout service:pgbouncer team:payments year:2024"));
        Assert.Contains("2024-12-02-checkout-pool-env-var-rename", Ids("tag:connection-pool"));
        Assert.Equal(["2025-04-15-dns-cutover-24h-ttl-dead-vip"], Ids("id:2025-04-15-dns-cutover-24h-ttl-dead-vip"));
    }

    [Fact]
    public void Words_beside_a_filter_still_have_to_match_and_OR_joins_filters()
    {
        var timeouts = Ids("timeout gap:load-testing");
        Assert.NotEmpty(timeouts);
        Assert.True(timeouts.Count < Ids("gap:load-testing").Count);

        var either = Ids("gap:load-testing OR gap:alerting");
        Assert.Equal(Ids("gap:load-testing").Union(Ids("gap:alerting")).Order(), either.Order());
    }

    [Fact]
    public void Quotes_operators_and_exclusion_work()
    {
        Assert.Contains("2024-12-02-checkout-pool-env-var-rename", Ids("\"connection pool\""));
        var both = Ids("kubernetes AND upgrade");
        Assert.Subset(Ids("kubernetes").ToHashSet(), both.ToHashSet());
        Assert.DoesNotContain("2025-02-18-k8s-125-upgrade-silent-cronjobs", Ids("kubernetes -upgrade"));
        Assert.Equal(seeded.SeedCount - Search("kubernetes", 100).Total, Search("-kubernetes").Total);
        Assert.Equal(Ids("pool OR lock").Count, Ids("pool").Union(Ids("lock")).Count());
        Assert.Contains("2025-02-18-k8s-125-upgrade-silent-cronjobs", Ids("kubernetes*"));
        Assert.Contains("2025-02-18-k8s-125-upgrade-silent-cronjobs", Ids("kuberntes~"));
    }

    [Fact]
    public void Date_ranges_and_years_select_by_the_incident_date()
    {
        var firstHalf = Search("date:[2025-01-01 TO 2025-06-30]", 50).Hits;
        Assert.NotEmpty(firstHalf);
        Assert.All(firstHalf, h => Assert.InRange(h.Date!.Value, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(Search("year:2025").Total, Search("date:2025").Total);
        Assert.Equal(Search("year:2025").Total, Search("date:[2025-01 TO 2025-12]").Total);
        Assert.Equal(Search("year:[2025 TO 2026]").Total, Search("year:2025").Total + Search("year:2026").Total);
        Assert.Equal(["2025-04-15-dns-cutover-24h-ttl-dead-vip"], Ids("date:2025-04-15"));
    }

    [Fact]
    public void Results_sort_by_date_and_page()
    {
        var byDate = Search("", 100, SearchSort.Date).Hits;
        Assert.Equal(seeded.SeedCount, byDate.Count);
        Assert.Equal(byDate.OrderByDescending(h => h.Date).Select(h => h.Id), byDate.Select(h => h.Id));

        var all = Ids("pool OR timeout OR lock");
        var pages = Search("pool OR timeout OR lock", 3, offset: 0).Hits.Concat(Search("pool OR timeout OR lock", 3, offset: 3).Hits).Select(h => h.Id);
        Assert.Equal(all.Take(6), pages);
        Assert.Equal(Search("pool OR timeout OR lock").Total, Search("pool OR timeout OR lock", 3, offset: 3).Total);
    }

    [Fact]
    public void A_hit_has_a_score_and_a_snippet_naming_its_section_with_the_words_highlighted()
    {
        var hit = Search("lock_timeout statement_timeout").Hits[0];

        Assert.Equal("2025-01-21-orders-migration-table-rewrite-lock", hit.Id);
        Assert.True(hit.Score > 0);
        Assert.Equal("Root cause", hit.Section);
        Assert.StartsWith("Root cause: ", hit.Snippet);
        Assert.Contains("lock_timeout", hit.Highlights.Select(h => hit.Snippet.Substring(h.Start, h.Length)));
        Assert.Contains("<mark>lock_timeout</mark>", hit.SnippetHtml());
        Assert.Equal(seeded.Store.Get(hit.Id)!.Source, hit.Source);
    }

    [Fact]
    public void A_snippet_is_html_encoded_for_the_page()
    {
        var hit = new SearchHit("x", "x", null, null, null, null, 1, "Summary", "Summary: <b> & pool", [new Highlight(15, 4)]);
        Assert.Equal("Summary: &lt;b&gt; &amp; <mark>pool</mark>", hit.SnippetHtml());
    }

    [Fact]
    public void Zero_hits_suggest_a_query_from_the_index_words()
    {
        var result = Search("kubernetse upgarde");

        Assert.Equal(0, result.Total);
        Assert.Equal("kubernetes upgrade", result.DidYouMean);
        Assert.True(Search(result.DidYouMean!).Total > 0);
    }

    [Fact]
    public void Similar_incidents_exclude_the_incident_itself()
    {
        var similar = seeded.Index.Similar("2025-01-21-orders-migration-table-rewrite-lock");

        Assert.NotEmpty(similar);
        Assert.DoesNotContain(similar, s => s.Id == "2025-01-21-orders-migration-table-rewrite-lock");
        Assert.Contains("2025-10-14-unbatched-backfill-replica-lag", similar.Take(5).Select(s => s.Id));
        foreach (var s in similar) output.WriteLine($"{s.Score:F1} {s.Id} shared gaps: {string.Join(", ", s.SharedGaps)}");
        Assert.Empty(seeded.Index.Similar("no-such-incident"));
    }

    /// <summary>Malformed, leading-wildcard and pathological queries: a message or results, never an exception or a stall.</summary>
    public static TheoryData<string> Hostile() =>
    [
        "title:(unclosed",
        "\"unclosed quote",
        "pool)",
        "((((((((((((deep))))))))))))",
        "*ing",
        "?ool",
        "*",
        "*:*",
        "/.*/",
        "AND",
        "OR pool",
        "pool AND",
        "NOT",
        "-",
        "gap:",
        "foo:bar",
        "date:[2025-13-45 TO 2026-01-01]",
        "date:[2026-01-01 TO 2025-01-01]",
        "year:abcd",
        "title:[a TO z]",
        "a~2 b~2 c~2 d~2 e~2 f~2 g~2 h~2 i~2 j~2 k~2 l~2",
        "p*o*o*l*e*d*",
        string.Join(" ", Enumerable.Range(0, 3000).Select(i => $"w{i}")),
        string.Join(" OR ", Enumerable.Range(0, 2000).Select(i => $"t{i}")),
        new string('(', 5000) + "x" + new string(')', 5000),
        new string('a', 400) + "~",
        "pool^1000000000",
        "\"connection pool\"~100000",
        "pool\\",
        "\u0000\u0001pool\u200b",
        "🔥🔥🔥 outage",
        "id:\"'; DROP TABLE incidents; --\"",
        "the of and",
        "pool && timeout || !lock",
        "[* TO *]",
        "date:[* TO *]",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_query_gets_a_message_or_results_quickly_and_never_an_exception(string query)
    {
        seeded.Index.Search("warm up");
        var clock = Stopwatch.StartNew();
        var result = seeded.Index.Search(new SearchRequest(query));
        clock.Stop();

        output.WriteLine($"{clock.Elapsed.TotalMilliseconds:F1} ms for {(query.Length > 40 ? query[..40] + "…" : query)}: {result.Total} hits, message: {result.Message ?? "(none)"}");
        Assert.True(result.Message is not null || result.Total >= 0);
        Assert.True(result.Message is not null || result.Hits.Count > 0 || result.Total == 0);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Theory]
    [InlineData("title:(unclosed", "'(' is not closed")]
    [InlineData("\"unclosed quote", "quote is not closed")]
    [InlineData("*ing", "starts with a wildcard")]
    [InlineData("/.*/", "Regular expressions")]
    [InlineData("gap:", "'gap:' needs a value")]
    [InlineData("foo:bar", "There is no field 'foo'")]
    [InlineData("date:[2025-13-45 TO 2026-01-01]", "'2025-13-45' is not a date")]
    [InlineData("date:[2026-01-01 TO 2025-01-01]", "ends before it starts")]
    [InlineData("title:[a TO z]", "Ranges work on date: and year: only")]
    [InlineData("pool AND", "'AND' needs a word on each side")]
    [InlineData("a~2 b~2 c~2 d~2 e~2 f~2 g~2 h~2 i~2 j~2 k~2 l~2", "more than 10 words with *, ? or ~")]
    [InlineData("((((((((((((deep))))))))))))", "nests parentheses")]
    [InlineData("the of and", "too common")]
    public void A_bad_query_gets_a_specific_message(string query, string message) =>
        Assert.Contains(message, Search(query).Message);

    [Fact]
    public void Very_long_queries_are_refused_with_the_limit()
    {
        Assert.Contains("at most 500", Search(new string('x', 600)).Message);
        Assert.Contains("at most 40", Search(string.Join(" ", Enumerable.Range(0, 50).Select(i => $"w{i}"))).Message);
    }

    [Fact]
    public void A_malformed_query_still_shows_the_incidents_for_its_words()
    {
        var result = Search("\"dns cutover");
        Assert.Contains("Showing incidents for the words alone", result.Message);
        Assert.Equal("2025-04-15-dns-cutover-24h-ttl-dead-vip", result.Hits[0].Id);
    }
}

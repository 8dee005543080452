using System.Diagnostics;
using System.Text.Json;
using Postmortems.Core.Search;

namespace Postmortems.Web.Extensions;

/// <summary>
/// Runs searches of every shape (words, phrases, field filters, a pasted sentence, date sorting) for a short while
/// before the server listens. .NET first runs each method unoptimised and recompiles the ones called often; without
/// this the first searches after a restart ran at several times the warm latency until their methods had been called
/// enough. Bounded by <see cref="SecondsKey"/> (default 1.5 s, 0 turns it off), well inside the cold-start target.
/// </summary>
public static class SearchWarmUp
{
    public const string SecondsKey = "Postmortems:Search:WarmUpSeconds";
    public const double DefaultSeconds = 1.5;

    private static readonly string[] Queries =
    [
        "timeout", "connection pool exhausted", "\"health check\"", "gap:load-testing timeout", "severity:sev1 cache",
        "service:checkout migration", "retry storm after a dependency timed out",
        "why did checkout show stale prices after the deploy when the cache key ttl was changed?",
        "certificate expired OR dns", "replica -stale", "year:2025 config",
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>How many searches ran.</returns>
    public static int Run(IncidentIndex index, TimeSpan budget)
    {
        if (budget <= TimeSpan.Zero) return 0;
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < budget)
        {
            var query = Queries[count % Queries.Length];
            var sort = count % 5 == 4 ? SearchSort.Date : SearchSort.Relevance;
            var result = index.Search(new SearchRequest(query, 10, 0, sort));
            // What the API answers, serialised as it is: the serializer's own code warms up too.
            JsonSerializer.Serialize(SearchJson.From(result), Json);
            count++;
        }
        return count;
    }

    public static TimeSpan Budget(IConfiguration configuration) =>
        TimeSpan.FromSeconds(configuration.GetValue(SecondsKey, DefaultSeconds));
}

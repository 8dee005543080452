using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Web.Tests.Search;

/// <summary>
/// A store seeded from the repository's content/ and its search index, shared (read only) by the tests of a class:
/// seeding and indexing once keeps each test to its rendering.
/// </summary>
public sealed class SeededSearch : IDisposable
{
    public static readonly GapTaxonomy Taxonomy = GapTaxonomy.LoadOrThrow(RepositoryContent.Directory);

    /// <summary>The seed incident about a DNS cutover.</summary>
    public const string DnsIncident = "2025-04-15-dns-cutover-24h-ttl-dead-vip";

    private readonly TempDirectory _data = new();

    public SeededSearch()
    {
        Store = new IncidentStore(_data.Path, "search page tests");
        var report = ContentSeeder.SeedIfEmpty(Store, new IncidentValidator(Taxonomy), RepositoryContent.Directory)!;
        if (report.HasFailures) throw new InvalidOperationException("the seed content did not import");
        Index = new IncidentIndex(Store, Taxonomy);
    }

    public IncidentStore Store { get; }

    public IncidentIndex Index { get; }

    /// <summary>The seed incidents, newest first (ties by id), as an empty search lists them.</summary>
    public static IReadOnlyList<Incident> NewestFirst { get; } =
        RepositoryContent.Incidents.OrderByDescending(i => i.Date).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        Index.Dispose();
        Store.Dispose();
        _data.Dispose();
    }
}

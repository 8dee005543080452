using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Search;

/// <summary>A store seeded from the repository's content/ and its index, shared by the tests of a class.</summary>
public sealed class SeededIndex : IDisposable
{
    private readonly TempDirectory _data = new();

    public SeededIndex()
    {
        Store = new IncidentStore(_data.Path, "search tests");
        var report = ContentSeeder.SeedIfEmpty(Store, new IncidentValidator(Samples.Taxonomy.Value), TestPaths.Content)!;
        if (report.HasFailures) throw new InvalidOperationException("the seed content did not import");
        Index = new IncidentIndex(Store, Samples.Taxonomy.Value);
    }

    public IncidentStore Store { get; }

    public IncidentIndex Index { get; }

    public int SeedCount => TestPaths.SeedIncidentFiles().Count();

    public void Dispose()
    {
        Index.Dispose();
        Store.Dispose();
        _data.Dispose();
    }
}

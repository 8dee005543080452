using Postmortems.Core.DesignCheck;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.DesignCheck;

/// <summary>A store with its index and a design checker over it, deleted with everything in it on dispose.</summary>
public abstract class DesignCheckStore : IDisposable
{
    private readonly TempDirectory _data = new();

    protected DesignCheckStore(bool withCorpus)
    {
        if (withCorpus && TestPaths.SharedCorpus is null) return;
        var taxonomy = Samples.Taxonomy.Value;
        Store = new IncidentStore(_data.Path, "design check tests");
        var seeded = ContentSeeder.SeedIfEmpty(Store, new IncidentValidator(taxonomy), TestPaths.Content)!;
        if (seeded.HasFailures) throw new InvalidOperationException("the seed content did not import");
        if (withCorpus)
        {
            var imported = new IncidentImporter(Store, new IncidentValidator(taxonomy), new Suggester(taxonomy)).Import(TestPaths.SharedCorpus!, "importer");
            if (imported.HasFailures) throw new InvalidOperationException("the corpus did not import");
        }
        Index = new IncidentIndex(Store, taxonomy);
        Checker = new DesignChecker(Index, taxonomy, Store);
    }

    /// <summary>Null where the store needs the public archives and they are absent.</summary>
    public IncidentStore? Store { get; }
    public IncidentIndex? Index { get; }
    public DesignChecker? Checker { get; }

    public void Dispose()
    {
        Index?.Dispose();
        Store?.Dispose();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The repository's content/ only: what a fresh app starts with.</summary>
public sealed class SeedDesignCheckStore() : DesignCheckStore(withCorpus: false);

/// <summary>content/ plus the 288 public postmortems of ../shared/corpus, imported with suggestions.</summary>
public sealed class CorpusDesignCheckStore() : DesignCheckStore(withCorpus: true);

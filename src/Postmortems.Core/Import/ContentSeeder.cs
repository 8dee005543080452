using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;

namespace Postmortems.Core.Import;

public static class ContentSeeder
{
    public const string SeedAuthor = "seed";
    public const string IncidentsFolder = "incidents";

    /// <summary>Fills a store that has never been seeded with the content directory's incidents.</summary>
    public static ImportReport? SeedIfEmpty(IncidentStore store, IncidentValidator validator, string contentDirectory)
    {
        if (store.WasSeeded || store.Count() > 0) return null;
        var incidents = Path.Combine(contentDirectory, IncidentsFolder);
        if (!Directory.Exists(incidents)) return null;
        var report = new IncidentImporter(store, validator).Import(incidents, SeedAuthor);
        store.MarkSeeded(contentDirectory);
        return report;
    }
}

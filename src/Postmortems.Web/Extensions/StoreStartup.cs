using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Retro;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;

namespace Postmortems.Web.Extensions;

/// <summary>
/// Runs in the host's starting phase, before the server listens: opens the store (so a data directory held by
/// another process stops the app at once, with DataDirectoryInUseException's message) and seeds an empty store
/// from the content directory.
/// </summary>
internal sealed partial class StoreStartup(
    IServiceProvider services,
    IConfiguration configuration,
    ILogger<StoreStartup> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IncidentStore>();
        if (store.Damage is { } damage) LogDamaged(damage.Message);
        // Listening from now on, loaded beside the rest of the start (a second at 100,000 incidents): the first view
        // of the action items list or a gap page need not wait for it.
        var catalog = IncidentCatalog.For(store);
        _ = Task.Run(() =>
        {
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                catalog.Load();
                LogCatalogLoaded(catalog.Incidents.Count, clock.ElapsedMilliseconds);
            }
            catch (Exception error) when (error is IOException or LiteDB.LiteException)
            {
                // A damaged store: the first page that needs the catalog tries again and shows the error.
                LogCatalogNotLoaded(error);
            }
        }, CancellationToken.None);
        var validator = services.GetRequiredService<IncidentValidator>();
        var content = Extensions.ContentDirectory(configuration);

        // A damaged store is read-only: an empty copy of it is not a store to seed.
        var report = store.Damage is null ? ContentSeeder.SeedIfEmpty(store, validator, content) : null;
        if (report is null)
        {
            LogOpened(store.DataDirectory, store.Count());
        }
        else
        {
            LogSeeded(report.Count(ImportOutcome.Created), Path.Combine(content, ContentSeeder.IncidentsFolder), store.DataDirectory);
            foreach (var file in report.Files.Where(f => f.Outcome is ImportOutcome.Failed or ImportOutcome.Skipped))
                LogNotSeeded(file.File, file.Outcome, file.Reason ?? "");
        }

        // Opened after seeding, so a new store is indexed in one go; rebuilt here when missing or stale.
        var index = services.GetRequiredService<IncidentIndex>();
        if (index.RebuiltBecause is { } reason) LogIndexRebuilt(index.Count, index.Path, reason);
        else if (index.CaughtUpBecause is { } behind) LogIndexCaughtUp(index.CaughtUp, index.Path, behind);
        index.RepairStarting += damage => LogIndexRepair(index.Path, damage.Message);
        var warmed = SearchWarmUp.Run(index, SearchWarmUp.Budget(configuration));
        if (warmed > 0) LogSearchWarmed(warmed);

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    /// <summary>The catalog as it is at the end, so that the next start reads it from its file rather than from every digest.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IncidentStore>();
        if (store.Damage is null) IncidentCatalog.For(store).TrySaveSnapshot();
        return Task.CompletedTask;
    }
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} incidents from {Folder} into the store in {DataDirectory}")]
    private partial void LogSeeded(int count, string folder, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened the store in {DataDirectory}: {Count} incidents")]
    private partial void LogOpened(string dataDirectory, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilt the search index ({Count} incidents) in {Path}: {Reason}")]
    private partial void LogIndexRebuilt(int count, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Brought the search index in {Path} up to date with {Count} incidents saved since its last commit: {Reason}")]
    private partial void LogIndexCaughtUp(int count, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A damaged file was found in the search index in {Path} ({Damage}); rebuilding it from the store, /health/ready answers 503 until done")]
    private partial void LogIndexRepair(string path, string damage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the incident catalog ({Count} incidents) in {Milliseconds} ms")]
    private partial void LogCatalogLoaded(int count, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The incident catalog could not be loaded at start")]
    private partial void LogCatalogNotLoaded(Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up the search path with {Count} searches")]
    private partial void LogSearchWarmed(int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogDamaged(string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed file {File} was not imported ({Outcome}): {Reason}")]
    private partial void LogNotSeeded(string file, ImportOutcome outcome, string reason);
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using Postmortems.Core;
using Postmortems.Core.Format;
using Postmortems.Core.Rendering;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Web.Api;
using Postmortems.Web.Components.Pages.Write;
using Postmortems.Web.Health;
using Postmortems.Web.Webhooks;

namespace Postmortems.Web.Extensions;

public static class Extensions
{
    /// <summary>
    /// The app's services, all singletons: one taxonomy, one validator, one store per process (it holds the data
    /// directory's lock until the container disposes it at shutdown), one Markdown renderer.
    /// Paths are read when the services are first built, so a test host's configuration applies.
    /// </summary>
    /// <summary>
    /// A save holds its request's thread while the store's writer and the index's refresh take it in turn (both are
    /// synchronous: LiteDB and Lucene are). The thread pool adds threads about once a second when all are held, so 8
    /// writers right after a start ran at a third of their speed for the first 25 s; starting with enough threads
    /// takes that ramp away.
    /// </summary>
    private static void ReserveThreadsForSaves()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completionPorts);
    }

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        ReserveThreadsForSaves();
        services.AddMudServices();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp => GapTaxonomy.LoadOrThrow(ContentDirectory(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton(sp => new IncidentValidator(sp.GetRequiredService<GapTaxonomy>()));
        // The blameless-style rules of content/style/: a rule file that cannot be read is left out and listed in the editor.
        services.AddSingleton(sp => Postmortems.Core.Style.StyleChecker.Load(ContentDirectory(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton(sp => new IncidentStore(
            DataDirectory(sp.GetRequiredService<IConfiguration>()),
            "Postmortems web app",
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<MarkdownRenderer>();
        // The search index: one writer and searcher manager for the life of the process, following the store's saves.
        services.AddSingleton(sp => new IncidentIndex(sp.GetRequiredService<IncidentStore>(), sp.GetRequiredService<GapTaxonomy>()));
        // The design check reads the index, and the store for the suggestions of the few incidents it returns.
        services.AddSingleton(sp => new Postmortems.Core.DesignCheck.DesignChecker(
            sp.GetRequiredService<IncidentIndex>(), sp.GetRequiredService<GapTaxonomy>(), sp.GetRequiredService<IncidentStore>()));
        // Who a save is recorded as (everyone is "anonymous" until sign-in), where the editor saves, and the HTTP API.
        services.AddScoped<CurrentAuthor>();
        services.AddScoped<IIncidentSaver, StoreIncidentSaver>();
        services.AddPostmortemsApi();
        // /health/live and /health/ready, for load balancers and orchestrators.
        services.AddPostmortemsHealthChecks();
        // Outgoing webhooks (Postmortems:Webhooks); without URLs nothing listens and nothing runs.
        services.AddWebhooks();

        // Opens the store and seeds it before the server takes requests.
        services.AddHostedService<StoreStartup>();
    }

    /// <summary>
    /// Opens the store now; when another process holds the data directory, logs why, in one line, and returns false.
    /// </summary>
    public static bool TryOpenStore(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IncidentStore>();
            return true;
        }
        catch (DataDirectoryInUseException e)
        {
            app.Logger.LogCritical("Cannot start: {Reason}", e.Message);
            return false;
        }
    }

    public static string DataDirectory(IConfiguration configuration) =>
        NonEmpty(configuration[PostmortemsPaths.DataDirectoryKey]) ?? PostmortemsPaths.DefaultDataDirectory;

    public static string ContentDirectory(IConfiguration configuration) =>
        NonEmpty(configuration[PostmortemsPaths.ContentDirectoryKey]) ?? PostmortemsPaths.DefaultContentDirectory;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

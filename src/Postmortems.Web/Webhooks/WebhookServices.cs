using Postmortems.Core.Storage;

namespace Postmortems.Web.Webhooks;

public static class WebhookServices
{
    /// <summary>The options (checked at start: a bad URL stops the app with the reason), the sender, and its log.</summary>
    public static void AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = new WebhookOptions();
            sp.GetRequiredService<IConfiguration>().GetSection(WebhookOptions.Section).Bind(options);
            var problems = options.Problems();
            return problems.Count == 0 ? options : throw new InvalidOperationException(string.Join(" ", problems));
        });
        services.AddSingleton(sp => new WebhookService(sp.GetRequiredService<IncidentStore>(), sp.GetRequiredService<Postmortems.Core.Taxonomy.GapTaxonomy>(),
            sp.GetRequiredService<WebhookOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WebhookService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<WebhookService>());
    }
}

using Microsoft.AspNetCore.Routing;
using Postmortems.Web.Security;

namespace Postmortems.Web.Api;

/// <summary>The HTTP API under /api, described by OpenAPI at /openapi/v1.json.</summary>
public static class PostmortemsApi
{
    public static IServiceCollection AddPostmortemsApi(this IServiceCollection services)
    {
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Postmortems API";
                document.Info.Description =
                    "Incidents as Markdown (front matter + sections), the gap taxonomy, and their history. " +
                    "Every error is application/problem+json. Outside /api, anonymous: GET /health/live (200 while the process " +
                    "answers) and GET /health/ready (200 while the store takes writes and the search index serves; 503 when the " +
                    "store is read-only after damage, the disk holding the data directory is full, or the index is being rebuilt), " +
                    "each with a JSON body naming every check, its status and why.";
                return Task.CompletedTask;
            });
        });
        // A query value that does not bind (limit=abc) throws, so the /api exception handler answers it as
        // problem+json; otherwise it would be a bare 400 that the app's status-code pages turn into an HTML page.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// Maps the API's endpoints and the OpenAPI document, and puts the API's own exception handler in front of them,
    /// so that no answer under /api is ever an HTML error page or a stack trace (in Development either).
    /// </summary>
    public static WebApplication MapPostmortemsApi(this WebApplication app)
    {
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api"),
            api => api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ApiProblems.HandleException }).UseSlugIds());

        app.MapOpenApi();

        var api = app.MapGroup("/api");
        IncidentEndpoints.Map(api);
        GapEndpoints.Map(api);
        SearchEndpoints.Map(api);
        RetroEndpoints.Map(api);
        ActionsEndpoints.Map(api);
        DesignCheckEndpoints.Map(api);
        AdminBackupEndpoints.Map(api);
        api.MapFallback("{**path}", (HttpRequest request) =>
                ApiProblems.NotFound($"There is no API endpoint {request.Method} {request.Path}. /openapi/v1.json describes the API."))
            .ExcludeFromDescription();
        return app;
    }
}

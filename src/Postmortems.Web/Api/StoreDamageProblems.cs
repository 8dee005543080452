using Microsoft.AspNetCore.Http.HttpResults;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Api;

/// <summary>
/// The answers of a damaged store: 503, with the message that names the fix, for a write (the store is read-only), for
/// a damaged incident, and for the request that found the damage (the store has just gone read-only: asked again,
/// a readable incident is served); and for a design check while a damaged search index is rebuilt.
/// </summary>
internal static class StoreDamageProblems
{
    public const string Title = "The store is damaged and read-only";

    public static ProblemHttpResult? For(HttpContext context, Exception? error)
    {
        if (error is null) return null;
        var store = context.RequestServices.GetRequiredService<IncidentStore>();
        return error switch
        {
            StoreReadOnlyException readOnly => Problem(readOnly.Message),
            StoreDamagedException damaged => Problem(damaged.Message, "The incident is damaged in the store"),
            Core.Search.IndexRebuildingException rebuilding => Problem(rebuilding.Message, "The search index is being rebuilt"),
            _ when store.EnterReadOnlyIfDamaged(error) => Problem(store.Damage!.Message),
            _ => null,
        };
    }

    private static ProblemHttpResult Problem(string detail, string title = Title) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: title);
}

public static class StoreDamageDetection
{
    /// <summary>
    /// Pages read the store too: an error that shows the database damaged turns the store read-only here, before the
    /// error page answers, so the next request is served from what can still be read.
    /// </summary>
    public static IApplicationBuilder UseStoreDamageDetection(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (context.RequestServices.GetRequiredService<IncidentStore>().EnterReadOnlyIfDamaged(e))
            {
                throw;
            }
        });
}

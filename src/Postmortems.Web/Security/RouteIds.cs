using Postmortems.Core.Taxonomy;
using Postmortems.Web.Api;

namespace Postmortems.Web.Security;

/// <summary>
/// Refuses an API address whose id is not a slug ("..", "/", "\", an absolute path, NUL, decoded from %2e%2e or %2f):
/// ids name records, never files, and one that tries to look like a path is answered as what it is.
/// </summary>
internal static class RouteIds
{
    public static IApplicationBuilder UseSlugIds(this IApplicationBuilder api) =>
        api.Use(async (context, next) =>
        {
            var id = context.Request.RouteValues
                .Where(value => value.Key == "id" || value.Key.EndsWith("Id", StringComparison.Ordinal))
                .Select(value => value.Value as string)
                .FirstOrDefault(value => value is not null && !GapTaxonomy.IsSlug(value));
            if (id is not null)
            {
                var shown = id.Length > 80 ? id[..80] + "..." : id;
                await ApiProblems.BadRequest("Bad id",
                        $"Ids are lowercase letters, digits and dashes, like 2025-03-14-checkout-pool-exhaustion (got '{shown.Replace("\0", "\\0")}').")
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });
}

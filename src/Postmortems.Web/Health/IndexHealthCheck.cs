using Microsoft.Extensions.Diagnostics.HealthChecks;
using Postmortems.Core.Search;

namespace Postmortems.Web.Health;

/// <summary>
/// The search index is ready when it opened and is not being rebuilt after a damaged file (searches find nothing
/// meanwhile). An index that missed a change (the disk was full) still serves: it is reported as degraded, which
/// keeps the instance in the load balancer, and a restart rebuilds it.
/// </summary>
public sealed class IndexHealthCheck(IServiceProvider services) : IHealthCheck
{
    public const string Name = "index";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IncidentIndex index;
        try
        {
            index = services.GetRequiredService<IncidentIndex>();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The search index could not be opened: {e.Message}"));
        }
        var result = index switch
        {
            { IsRebuilding: true } => HealthCheckResult.Unhealthy(
                "The search index is being rebuilt from the store after a damaged index file was found; searches find nothing until it is done."),
            { Failure: { } failure } => HealthCheckResult.Degraded($"The search index is behind the store: {failure}. A restart rebuilds it."),
            _ => HealthCheckResult.Healthy($"The search index holds {index.Count} incidents at store generation {index.Generation}."),
        };
        return Task.FromResult(result);
    }
}

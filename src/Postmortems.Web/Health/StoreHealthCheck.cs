using Microsoft.Extensions.Diagnostics.HealthChecks;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Health;

/// <summary>The store is ready when its file is sound (not read-only after damage) and a probe write commits.</summary>
public sealed class StoreHealthCheck(IncidentStore store, StoreWriteProbe probe) : IHealthCheck
{
    public const string Name = "store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store.Damage is { } damage) return HealthCheckResult.Unhealthy($"The store is read-only: {damage.Message}");
        var failure = await probe.Result(cancellationToken);
        return failure switch
        {
            null => HealthCheckResult.Healthy($"The store in {store.DataDirectory} takes writes ({store.Count()} incidents, generation {store.Generation})."),
            DiskFullException => HealthCheckResult.Unhealthy(
                $"The disk holding the data directory ({store.DataDirectory}) is full: writes fail until space is freed, then work again without a restart."),
            StoreReadOnlyException => HealthCheckResult.Unhealthy($"The store is read-only: {failure.Message}"),
            _ => HealthCheckResult.Unhealthy($"A probe write to the store failed: {failure.Message}"),
        };
    }
}

/// <summary>
/// The store's write probe, at most once per <see cref="Interval"/> whoever asks and however often: a load balancer
/// polls every instance every few seconds, and each probe is a commit on the store's one writer thread, which every
/// save waits behind. Between probes, the last result is the answer.
/// </summary>
public sealed class StoreWriteProbe(IncidentStore store, TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _probing = new(1, 1);
    private volatile Probed? _last;

    private sealed record Probed(DateTimeOffset At, Exception? Failure);

    /// <summary>The failure of the latest probe (null when the store wrote), probing again when the last is older than <see cref="Interval"/>.</summary>
    public async Task<Exception?> Result(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh) return fresh.Failure;
        await _probing.WaitAsync(cancellationToken);
        try
        {
            // Another request may have probed while this one waited.
            if (Fresh() is { } probed) return probed.Failure;
            var failure = await Task.Run(store.ProbeWithWrite, CancellationToken.None);
            _last = new Probed(clock.GetUtcNow(), failure);
            return failure;
        }
        finally
        {
            _probing.Release();
        }
    }

    private Probed? Fresh() => _last is { } last && clock.GetUtcNow() - last.At < Interval ? last : null;
}

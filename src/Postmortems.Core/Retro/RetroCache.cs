using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Retro;

/// <summary>
/// The last few retros computed from a store, each kept while the store stays at the generation it was computed at. A
/// retro is derived from the store as it is: a meeting opens the same period again and again (the page, its presenter,
/// the agenda, the API), and a year's retro counts 40,000 records at 100,000 incidents (half a second from the catalog);
/// any save moves the generation on and the next view computes it again.
/// </summary>
internal static class RetroCache
{
    private const int Size = 8;

    private static readonly ConditionalWeakTable<IncidentStore, ConcurrentDictionary<Key, RetroReport>> Caches = new();

    private sealed record Key(GapTaxonomy Taxonomy, RetroRequest Request, DateOnly Today, long Generation);

    public static RetroReport GetOrAdd(IncidentStore store, GapTaxonomy taxonomy, RetroRequest request, DateOnly today, Func<RetroReport> build)
    {
        var cache = Caches.GetValue(store, _ => new ConcurrentDictionary<Key, RetroReport>());
        if (cache.TryGetValue(new Key(taxonomy, request, today, store.Generation), out var known)) return known;
        // Read before building, between two writes: the generation moves on at a commit, before the catalog hears of
        // it, so a report is keyed by a generation whose every change it can see. A save during the build leaves the
        // report under the older generation, never the newer.
        var generation = store.WhileNoWrites(() => store.Generation);
        var key = new Key(taxonomy, request, today, generation);
        var report = build();
        foreach (var stale in cache.Keys.Where(k => k.Generation != generation)) cache.TryRemove(stale, out _);
        if (cache.Count >= Size) cache.Clear();
        cache[key] = report;
        return report;
    }
}

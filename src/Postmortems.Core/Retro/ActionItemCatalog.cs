using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Postmortems.Core.Storage;

namespace Postmortems.Core.Retro;

/// <summary>
/// What the action items list counts and sorts by, for every item of every incident, held in memory: the list's
/// counts, its owner, gap and team pickers and its order are over every item, and at 100,000 incidents (300,000
/// items) even the store's indexed queries took a second for each count. Loaded once from the store's action item
/// records (no Markdown, a fraction of a second), then kept in step by the store's <see cref="IncidentStore.Saved"/>
/// and <see cref="IncidentStore.Deleted"/>, which are raised after each commit. Texts and titles stay in the store:
/// a page reads the records of the rows it shows.
/// </summary>
public sealed class ActionItemCatalog
{
    private static readonly ConditionalWeakTable<IncidentStore, ActionItemCatalog> Catalogs = new();

    private readonly IncidentStore _store;
    private readonly ConcurrentDictionary<string, CatalogIncident> _incidents = new(StringComparer.Ordinal);
    private readonly Lock _loading = new();
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>Incidents saved or deleted since the catalog began listening: the load must not put back what they replaced.</summary>
    private ConcurrentDictionary<string, bool>? _changedBeforeLoad = new(StringComparer.Ordinal);
    private volatile bool _loaded;

    private ActionItemCatalog(IncidentStore store)
    {
        _store = store;
        store.Saved += (incident, _) => Changed(incident.Id, incident.ActionItems.Count == 0 ? null : From(incident));
        store.Deleted += id => Changed(id, null);
    }

    /// <summary>The store's catalog, made (and listening) at the first call; it loads at its first read or <see cref="Load"/>.</summary>
    public static ActionItemCatalog For(IncidentStore store) => Catalogs.GetValue(store, s => new ActionItemCatalog(s));

    /// <summary>The incidents with action items; loads the catalog at the first call.</summary>
    public ICollection<CatalogIncident> Incidents
    {
        get
        {
            Load();
            return _incidents.Values;
        }
    }

    /// <summary>Reads every action item record once (later calls return at once); the app calls it at start so that no reader waits.</summary>
    public void Load()
    {
        if (_loaded) return;
        lock (_loading)
        {
            if (_loaded) return;
            foreach (var group in _store.ActionItemRecords().GroupBy(r => r.IncidentId, StringComparer.Ordinal))
            {
                var changed = _changedBeforeLoad!;
                if (changed.ContainsKey(group.Key)) continue;
                var first = group.First();
                var loaded = new CatalogIncident(group.Key, first.IncidentDate, Intern(first.Status)!, first.Revision,
                    first.Teams.Select(t => Intern(t)!).ToArray(), group.Select(r => new CatalogItem(r.Line, r.Done, Intern(r.Owner), r.Due, Intern(r.Gap))).ToArray());
                // A save or delete may land between the check and the add: what it wrote wins.
                if (_incidents.TryAdd(group.Key, loaded) && changed.ContainsKey(group.Key))
                    _incidents.TryRemove(new KeyValuePair<string, CatalogIncident>(group.Key, loaded));
            }
            _changedBeforeLoad = null;
            _loaded = true;
        }
    }

    /// <summary>
    /// Runs on the store's writer thread after a commit: a dictionary write and no lock, so no save waits for a load.
    /// A deleted incident's items are removed after it is marked, so a load running meanwhile cannot put them back.
    /// </summary>
    private void Changed(string id, CatalogIncident? incident)
    {
        _changedBeforeLoad?.TryAdd(id, true);
        if (incident is null) _incidents.TryRemove(id, out _);
        else _incidents[id] = incident;
    }

    private CatalogIncident From(StoredIncident incident) =>
        new(incident.Id, incident.Date, Intern(incident.Status)!, incident.Revision, incident.Teams.Select(t => Intern(t)!).ToArray(),
            incident.ActionItems.Select(a => new CatalogItem(a.Line, a.Done, Intern(ActionItemRecord.OwnerOf(a.Owner)), a.Due, Intern(a.Gap))).ToArray());

    /// <summary>Owners, gaps, teams and statuses repeat across thousands of items: each is held once.</summary>
    private string? Intern(string? value) => value is null ? null : _strings.GetOrAdd(value, value);
}

/// <summary>An incident's action items as the catalog holds them, with what they are filtered and sorted by.</summary>
public sealed record CatalogIncident(string Id, DateTimeOffset? Date, string Status, int Revision, IReadOnlyList<string> Teams, IReadOnlyList<CatalogItem> Items);

/// <param name="Owner">Trimmed, without its <c>@</c>; null when the item names none.</param>
/// <param name="Gap">As written; the list resolves renamed gaps.</param>
public readonly record struct CatalogItem(int Line, bool Done, string? Owner, DateOnly? Due, string? Gap);

using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using LiteDB;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.Core.Retro;

/// <summary>
/// What lists and counts over every incident need of each, held in memory: the action items list's counts, pickers
/// and order cover every item, and a gap's escape rate every record naming it; at 100,000 incidents (300,000 items)
/// even the store's indexed queries took a second for each count. Loaded once from the store's digests (no Markdown),
/// then kept in step by the store's <see cref="IncidentStore.Saved"/> and <see cref="IncidentStore.Deleted"/>, raised
/// after each commit. It holds titles and item texts too, so that a retro over a year (40,000 records at 100,000
/// incidents) is counted in memory: 38 MB of snapshot at 100,000 incidents, against 2.5 s to read them from the store.
/// </summary>
public sealed partial class IncidentCatalog
{
    private static readonly ConditionalWeakTable<IncidentStore, IncidentCatalog> Catalogs = new();

    private readonly IncidentStore _store;
    private readonly ConcurrentDictionary<string, CatalogIncident> _incidents = new(StringComparer.Ordinal);
    private readonly Lock _loading = new();
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>Incidents saved or deleted since the catalog began listening: the load must not put back what they replaced.</summary>
    private ConcurrentDictionary<string, bool>? _changedBeforeLoad = new(StringComparer.Ordinal);
    private volatile bool _loaded;

    private IncidentCatalog(IncidentStore store)
    {
        _store = store;
        store.Saved += (incident, _) => Changed(incident.Id, From(StoredDigest.Of(incident)));
        store.Deleted += id => Changed(id, null);
    }

    /// <summary>The store's catalog, made (and listening) at the first call; it loads at its first read or <see cref="Load"/>.</summary>
    public static IncidentCatalog For(IncidentStore store) => Catalogs.GetValue(store, s => new IncidentCatalog(s));

    /// <summary>True once every digest is in memory (the app loads it at start; a command-line run usually never does).</summary>
    public bool IsLoaded => _loaded;

    /// <summary>Every incident; loads the catalog at the first call.</summary>
    public ICollection<CatalogIncident> Incidents
    {
        get
        {
            Load();
            return _incidents.Values;
        }
    }

    /// <summary>Reads every digest once (later calls return at once); the app calls it at start so that no reader waits.</summary>
    public void Load()
    {
        if (_loaded) return;
        lock (_loading)
        {
            if (_loaded) return;
            var changed = _changedBeforeLoad!;
            var fromSnapshot = ReadSnapshot();
            var loading = fromSnapshot ?? _store.DigestDocuments()?.Select(From) ?? _store.Summaries(new IncidentFilter()).Select(From);
            foreach (var loaded in loading)
            {
                if (changed.ContainsKey(loaded.Id)) continue;
                // A save or delete may land between the check and the add: what it wrote wins.
                if (_incidents.TryAdd(loaded.Id, loaded) && changed.ContainsKey(loaded.Id))
                    _incidents.TryRemove(new KeyValuePair<string, CatalogIncident>(loaded.Id, loaded));
            }
            _changedBeforeLoad = null;
            _loaded = true;
            if (fromSnapshot is null) TrySaveSnapshot();
        }
    }

    /// <summary>
    /// Runs on the store's writer thread after a commit: a dictionary write and no lock, so no save waits for a load.
    /// A deleted incident is removed after it is marked, so a load running meanwhile cannot put it back.
    /// </summary>
    private void Changed(string id, CatalogIncident? incident)
    {
        _changedBeforeLoad?.TryAdd(id, true);
        if (incident is null) _incidents.TryRemove(id, out _);
        else _incidents[id] = incident;
    }

    private CatalogIncident From(IncidentDigest d) =>
        new(d.Id, d.Date, Intern(d.Status)!, d.Revision, RecordKind.Of(d.Kind), Interned(d.Teams), Interned(d.Gaps), Interned(d.CaughtBy),
            d.ActionItems.Select(a => new CatalogItem(a.Line, a.Done, Intern(ActionItemRecord.OwnerOf(a.Owner)), a.Due, Intern(a.Gap), a.Text)).ToArray())
        {
            Title = d.Title,
            Severity = Intern(d.Severity),
            Services = Interned(d.Services),
            Differences = Interned(d.Differences),
            RecurrenceOf = d.RecurrenceOf,
        };

    private CatalogIncident From(StoredDigest d) => From(d.ToDigest());

    /// <summary>A stored digest's fields as LiteDB wrote them (see <see cref="StoredDigest"/> and the store's mapper).</summary>
    private CatalogIncident From(BsonDocument d)
    {
        var items = d["ActionItems"].IsArray ? d["ActionItems"].AsArray : [];
        return new CatalogIncident(
            d["_id"].AsString,
            d["Date"].IsDateTime ? new DateTimeOffset(DateTime.SpecifyKind(d["Date"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)) : null,
            Intern(d["Status"].AsString)!,
            d["Revision"].AsInt32,
            RecordKind.Of(d["Kind"].IsString ? d["Kind"].AsString : null),
            Strings(d["Teams"]), Strings(d["Gaps"]), Strings(d["CaughtBy"]),
            items.Select(i => i.AsDocument).Select(i => new CatalogItem(
                i["Line"].AsInt32,
                i["Done"].AsBoolean,
                Intern(ActionItemRecord.OwnerOf(i["Owner"].IsString ? i["Owner"].AsString : null)),
                i["Due"].IsString ? DateOnly.ParseExact(i["Due"].AsString, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                Intern(i["Gap"].IsString ? i["Gap"].AsString : null),
                i["Text"].IsString ? i["Text"].AsString : "")).ToArray())
        {
            Title = d["Title"].IsString ? d["Title"].AsString : "",
            Severity = Intern(d["Severity"].IsString ? d["Severity"].AsString : null),
            Services = Strings(d["Services"]),
            Differences = Strings(d["Differences"]),
            RecurrenceOf = d["RecurrenceOf"].IsString ? d["RecurrenceOf"].AsString : null,
        };
    }

    private string[] Strings(BsonValue value) =>
        value.IsArray && value.AsArray.Count > 0 ? value.AsArray.Select(v => Intern(v.AsString)!).ToArray() : [];

    /// <summary>Owners, gaps, teams and statuses repeat across thousands of incidents: each is held once.</summary>
    private string? Intern(string? value) => value is null ? null : _strings.GetOrAdd(value, value);

    private string[] Interned(IReadOnlyList<string> values) => values.Count == 0 ? [] : values.Select(v => Intern(v)!).ToArray();
}

/// <summary>An incident as the catalog holds it: what lists and the retro filter, count, sort by and name.</summary>
/// <param name="Kind">incident or near-miss.</param>
public sealed record CatalogIncident(
    string Id, DateTimeOffset? Date, string Status, int Revision, string Kind,
    IReadOnlyList<string> Teams, IReadOnlyList<string> Gaps, IReadOnlyList<string> CaughtBy, IReadOnlyList<CatalogItem> Items)
{
    public string Title { get; init; } = "";
    public string? Severity { get; init; }
    public IReadOnlyList<string> Services { get; init; } = [];
    public IReadOnlyList<string> Differences { get; init; } = [];
    public string? RecurrenceOf { get; init; }

    public bool IsNearMiss => Kind == RecordKind.NearMiss;

    /// <summary>The digest the store would read for this incident, for reports computed in memory.</summary>
    public IncidentDigest ToDigest() =>
        new(Id, Title, Date, Severity, Status, Revision, Teams, Services, Gaps, Differences,
            Items.Select(i => new StoredActionItem { Line = i.Line, Done = i.Done, Owner = i.Owner, Due = i.Due, Gap = i.Gap, Text = i.Text }).ToList())
        {
            Kind = Kind,
            CaughtBy = CaughtBy,
            RecurrenceOf = RecurrenceOf,
        };
}

/// <param name="Owner">Trimmed; null when the item names none.</param>
/// <param name="Gap">As written; the list resolves renamed gaps.</param>
public readonly record struct CatalogItem(int Line, bool Done, string? Owner, DateOnly? Due, string? Gap, string Text);

using System.Globalization;
using LiteDB;
using Postmortems.Core.Format;

namespace Postmortems.Core.Storage;

/// <summary>
/// The system of record: one LiteDB file in the data directory, owned by this process for as long as the store is open.
/// Every save is one transaction that writes the incident and its revision together; inside a <see cref="Batch"/>,
/// a transaction holds many saves. Reads run on the caller's thread; writes run one at a time on the store's
/// writer thread (see <see cref="StoreWriter"/>).
/// </summary>
public sealed partial class IncidentStore : IDisposable
{
    public const string DatabaseFileName = "postmortems.db";
    private const string SeededKey = "seeded-from-content";
    private const string GenerationKey = "generation";

    private readonly DataDirectoryLock _lock;
    private readonly BsonMapper _mapper = CreateMapper();
    // Replaced together when a failed write leaves LiteDB unusable (see Reopen), or once when the file is found
    // damaged (the store then reads a copy of what could be salvaged, see DamagedStore.cs); read by any thread.
    private volatile LiteDatabase _database = null!;
    private volatile ILiteCollection<StoredIncident> _incidents = null!;
    private volatile ILiteCollection<Revision> _revisions = null!;
    private volatile ILiteCollection<OriginalFile> _originals = null!;
    private volatile ILiteCollection<BsonDocument> _meta = null!;
    private volatile ReportRecords _reports = null!;
    private readonly TimeProvider _clock;
    private readonly StoreWriter _writer = new();
    private long _generation;
    private SaveBatch? _batch;

    public IncidentStore(string dataDirectory, string purpose, TimeProvider? clock = null)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        _lock = DataDirectoryLock.Acquire(DataDirectory, purpose);
        _clock = clock ?? TimeProvider.System;
        try
        {
            try
            {
                OpenDatabase();
            }
            catch (Exception e) when (DamageTolerantReader.IsDamage(e))
            {
                Attach(OpenSalvaged(e));
            }
        }
        catch
        {
            _writer.Dispose();
            _lock.Dispose();
            throw;
        }
        _generation = _meta.FindById(GenerationKey)?["value"].AsInt64 ?? 0;
        GenerationsRecordedFrom = RecordGenerationsFromNow();
        BackfillReportRecords();
    }

    private const string GenerationsRecordedKey = "generations-recorded-from";

    /// <summary>
    /// The store generation from which every save records its <see cref="StoredIncident.Generation"/>: a store written
    /// by an older version has saves after an index's last commit that did not, so only an index at or above this
    /// generation may catch up from the incidents' generations.
    /// </summary>
    public long GenerationsRecordedFrom { get; private set; }

    private long RecordGenerationsFromNow()
    {
        if (_meta.FindById(GenerationsRecordedKey) is { } recorded) return recorded["value"].AsInt64;
        if (Damage is not null) return long.MaxValue;
        var from = _generation;
        _writer.Run(() =>
        {
            BeginTransaction();
            _meta.Upsert(new BsonDocument { ["_id"] = GenerationsRecordedKey, ["value"] = new BsonValue(from) });
            _database.Commit();
        });
        return from;
    }

    private void OpenDatabase() =>
        Attach(new LiteDatabase(new ConnectionString
        {
            Filename = Path.Combine(DataDirectory, DatabaseFileName),
            Connection = ConnectionType.Direct,
        }, _mapper));

    private void Attach(LiteDatabase database)
    {
        try
        {
            var incidents = database.GetCollection<StoredIncident>("incidents");
            var revisions = database.GetCollection<Revision>("revisions");
            incidents.EnsureIndex(x => x.Date);
            incidents.EnsureIndex(x => x.Status);
            incidents.EnsureIndex(x => x.Severity);
            incidents.EnsureIndex(x => x.Gaps);
            incidents.EnsureIndex(x => x.Services);
            incidents.EnsureIndex(x => x.Teams);
            incidents.EnsureIndex(x => x.Source);
            incidents.EnsureIndex(x => x.Kind);
            incidents.EnsureIndex(x => x.CaughtBy);
            incidents.EnsureIndex(x => x.Generation);
            revisions.EnsureIndex(x => x.IncidentId);
            _incidents = incidents;
            _revisions = revisions;
            _originals = database.GetCollection<OriginalFile>("originals");
            _meta = database.GetCollection("meta");
            _reports = new ReportRecords(database);
            _database = database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    public string DataDirectory { get; }

    /// <summary>
    /// The open database, for the other stores that live in the same file (accounts, the revision log). Ask for it
    /// at each use: after a failed write the store may have opened the file again.
    /// </summary>
    internal LiteDatabase Database => _database;

    /// <summary>
    /// Raised after each save that changed an incident has been committed, with the document that was saved (already
    /// parsed: derived data need not read the Markdown again). Raised on the store's writer thread, in the order of
    /// the commits, while no other write runs: <see cref="Generation"/> is then this save's generation (for a batch,
    /// the batch's). Derived data (the search index) follows the store through it; keep the handler short, every
    /// write waits for it.
    /// </summary>
    public event Action<StoredIncident, IncidentDocument>? Saved;

    /// <summary>Raised after an incident was deleted and the deletion committed, with its id, like <see cref="Saved"/>.</summary>
    public event Action<string>? Deleted;

    /// <summary>
    /// Raised on the caller's thread after a save or delete outside a batch changed the store, before it returns, with
    /// the generation it reached: where derived data waits until the change is visible (the search index commits
    /// the changes of concurrent saves together here). Other writes go on meanwhile.
    /// </summary>
    public event Action<long>? Acknowledging;

    /// <summary>
    /// A number that every committed change increases, kept in the store: what was derived at one generation is
    /// stale once the store has another. Kept in memory too: this process is the only one that writes the store.
    /// </summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>
    /// LiteDB trims strings and hands back DateTime in local time by default: the store must keep every byte of an
    /// incident, instants as UTC and dates as plain dates, whatever the machine's time zone.
    /// </summary>
    internal static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false };
        mapper.RegisterType<DateTimeOffset>(
            value => new BsonValue(value.UtcDateTime),
            bson => new DateTimeOffset(DateTime.SpecifyKind(bson.AsDateTime.ToUniversalTime(), DateTimeKind.Utc)));
        mapper.RegisterType<DateOnly>(
            value => new BsonValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            bson => DateOnly.ParseExact(bson.AsString, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        WarmUp(mapper);
        return mapper;
    }

    /// <summary>
    /// LiteDB 5 builds a type's mapping on first use and publishes it before its members are filled in, without a
    /// lock: writers racing on a cold mapper stored incidents without their action items' owner, due date and gap,
    /// or failed with "Collection was modified". So every type stored in this file, nested ones included, goes
    /// once through the mapper both ways before it is shared: the store's own here, those of the other stores that
    /// live in the file (accounts, webhook deliveries) through <see cref="MapStoredTypes"/> as they are made.
    /// </summary>
    private static void WarmUp(BsonMapper mapper, params object[] samples)
    {
        foreach (var sample in samples)
            mapper.ToObject(sample.GetType(), mapper.ToDocument(sample.GetType(), sample));
    }

    private static void WarmUp(BsonMapper mapper) => WarmUp(mapper,
        new StoredIncident { ActionItems = [new StoredActionItem()], Suggestions = [new Suggestion()] },
        new StoredActionItem(), new Suggestion(), new Revision(), new OriginalFile(),
        new StoredDigest { ActionItems = [new StoredActionItem()] }, new ActionItemRecord());

    /// <summary>Maps another store's types once both ways (see <see cref="WarmUp(BsonMapper, object[])"/>); call it before that store is shared.</summary>
    internal void MapStoredTypes(params object[] samples) => WarmUp(_mapper, samples);

    public int Count() => _incidents.Count();

    public StoredIncident? Get(string id) => Damage?.ErrorFor(id) is { } damaged ? throw damaged : _incidents.FindById(id);

    /// <summary>Newest first, one page at a time, without loading the Markdown.</summary>
    public IReadOnlyList<IncidentSummary> List(int skip, int take) =>
        _incidents.Query()
            .OrderByDescending(x => x.Date)
            .Select(x => new { x.Id, x.Title, x.Date, x.Severity, x.Status, x.Gaps, x.Services })
            .Skip(skip)
            .Limit(take)
            .ToList()
            .Select(x => new IncidentSummary(x.Id, x.Title, x.Date, x.Severity, x.Status, x.Gaps, x.Services))
            .ToList();

    /// <summary>Every incident, read one at a time as the caller goes, in id order.</summary>
    public IEnumerable<StoredIncident> All() => _incidents.FindAll();

    /// <summary>The incidents whose current revision was committed after store generation <paramref name="generation"/>.</summary>
    public IEnumerable<StoredIncident> ChangedAfter(long generation) => _incidents.Find(BsonExpression.Create("Generation > @0", new BsonValue(generation)));

    /// <summary>The id of the incident imported from this path, if any.</summary>
    public string? IdForSource(string sourcePath) =>
        _incidents.Query().Where("Source = @0", new BsonValue(sourcePath)).Select("_id").ToDocuments().Select(d => d["_id"].AsString).FirstOrDefault();

    public bool Exists(string id) => _incidents.Exists("_id = @0", new BsonValue(id));

    /// <summary>
    /// The bytes an imported incident was made from, exactly as read; null for native files (their Markdown is their
    /// exact text) and incidents written here.
    /// </summary>
    public OriginalFile? Original(string id) => _originals.FindById(id);

    public IReadOnlyList<Revision> Revisions(string id) =>
        _revisions.Query().Where("IncidentId = @0", new BsonValue(id)).OrderBy(x => x.Number).ToList();

    private static StoredIncident ToRecord(IncidentDocument document, string id)
    {
        var incident = document.Incident;
        return new StoredIncident
        {
            Id = id,
            Markdown = document.Text,
            Sha256 = IncidentChecksum.Of(document.Text),
            Title = incident.Title ?? id,
            Date = incident.Date,
            Severity = incident.Severity,
            Status = incident.Status ?? IncidentStatus.Draft,
            Services = [.. incident.Services],
            Teams = [.. incident.Teams],
            Authors = [.. incident.Authors],
            Differences = [.. incident.Differences],
            Gaps = [.. incident.Gaps.Select(g => g.Id)],
            Tags = [.. incident.Tags],
            DetectedBy = incident.DetectedBy,
            Kind = RecordKind.Of(incident.Kind),
            CaughtBy = [.. incident.CaughtBy.Select(g => g.Id)],
            RecurrenceOf = incident.RecurrenceOf,
            ActionItems = [.. incident.ActionItems.Select(a => new StoredActionItem
            {
                Text = a.Text, Done = a.Done, Owner = a.Owner, Due = a.Due, Gap = a.Gap, Line = a.Line,
            })],
        };
    }

    /// <summary>A page of the incidents that match every given filter, newest first, with how many match in all.</summary>
    public (IReadOnlyList<StoredIncident> Page, int Total) Query(IncidentFilter filter, int skip, int take)
    {
        var query = Filtered(filter);
        var total = query.Count();
        var page = query.OrderByDescending(x => x.Date).Skip(skip).Limit(take).ToList();
        return (page, total);
    }

    /// <summary>
    /// The highest revision number an incident ever had (0 when none). A text predicate and no ordering: LiteDB turns a
    /// LINQ predicate into a new compiled expression and sorts through a temporary store at each call, which made this
    /// lookup most of an import's time.
    /// </summary>
    private int LastRevisionNumber(string id) =>
        _revisions.Query().Where("IncidentId = @0", new BsonValue(id)).Select("Number").ToDocuments()
            .Select(d => d["Number"].AsInt32).DefaultIfEmpty(0).Max();

    /// <summary>True once the store was seeded, so that a team that deletes the seed incidents does not get them back.</summary>
    public bool WasSeeded => _meta.FindById(SeededKey) is not null;

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            _writer.Run(RollBackAnyOpenBatch);
            _writer.Dispose();
            if (_broken is not null) BrokenTransactions.Forget(_database);
            _database.Dispose();
        }
        catch (Exception error) when (error is IOException or LiteException)
        {
            // A database broken by a full disk may fail to close; the next open reads the file from scratch.
        }
        finally
        {
            DeleteSalvagedCopy();
            _lock.Dispose();
        }
    }

    /// <summary>The incidents that match every filter given; Query, Summaries and counts share it so their numbers agree.</summary>
    private ILiteQueryable<StoredIncident> Filtered(IncidentFilter filter) => Filtered(_incidents, filter);

    private static ILiteQueryable<T> Filtered<T>(ILiteCollection<T> collection, IncidentFilter filter)
    {
        var query = collection.Query();
        if (filter.Gap is { } gap) query = query.Where("$.Gaps[*] ANY = @0", gap);
        if (filter.Difference is { } difference) query = query.Where("$.Differences[*] ANY = @0", difference);
        if (filter.Service is { } service) query = query.Where("$.Services[*] ANY = @0", service);
        if (filter.Team is { } team) query = query.Where("$.Teams[*] ANY = @0", team);
        if (filter.Severity is { } severity) query = query.Where("$.Severity = @0", severity);
        if (filter.Status is { } status) query = query.Where("$.Status = @0", status);
        // Records stored before kinds existed have none, and are incidents.
        if (filter.Kind is { } kind)
            query = RecordKind.Of(kind) == RecordKind.NearMiss ? query.Where("$.Kind = @0", RecordKind.NearMiss) : query.Where("$.Kind != @0", RecordKind.NearMiss);
        if (filter.CaughtBy is { } caughtBy) query = query.Where("$.CaughtBy[*] ANY = @0", caughtBy);
        if (filter.From is { } from) query = query.Where("$.Date >= @0", new BsonValue(from.UtcDateTime));
        if (filter.To is { } to) query = query.Where("$.Date < @0", new BsonValue(to.UtcDateTime));
        return query;
    }

    /// <summary>How many records match the filter, counted on the store's indexes without reading any Markdown.</summary>
    public int Count(IncidentFilter filter) => Filtered(filter).Count();
}

/// <summary>An incident's fields that reports count, without its Markdown; <see cref="Revision"/> to save a change over.</summary>
public sealed record IncidentDigest(
    string Id,
    string Title,
    DateTimeOffset? Date,
    string? Severity,
    string Status,
    int Revision,
    IReadOnlyList<string> Teams,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<string> Differences,
    IReadOnlyList<StoredActionItem> ActionItems)
{
    /// <summary>incident or near-miss.</summary>
    public string Kind { get; init; } = RecordKind.Incident;

    public IReadOnlyList<string> CaughtBy { get; init; } = [];
    public string? RecurrenceOf { get; init; }

    public bool IsNearMiss => Kind == RecordKind.NearMiss;
}

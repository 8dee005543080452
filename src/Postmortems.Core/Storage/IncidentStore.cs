using System.Globalization;
using LiteDB;
using Postmortems.Core.Format;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Storage;

/// <summary>
/// The system of record: one LiteDB file in the data directory, owned by this process for as long as the store is open.
/// Every save is one transaction that writes the incident and its revision together; inside a <see cref="Batch"/>,
/// a transaction holds many saves.
/// </summary>
public sealed partial class IncidentStore : IDisposable
{
    public const string DatabaseFileName = "postmortems.db";
    private const string SeededKey = "seeded-from-content";
    private const string GenerationKey = "generation";

    private readonly DataDirectoryLock _lock;
    // Replaced once when the file is found damaged: the store then reads a copy of what could be salvaged (DamagedStore.cs).
    private LiteDatabase _database;
    private ILiteCollection<StoredIncident> _incidents;
    private ILiteCollection<Revision> _revisions;
    private ILiteCollection<OriginalFile> _originals;
    private ILiteCollection<BsonDocument> _meta;
    private readonly TimeProvider _clock;
    private long _generation;
    private SaveBatch? _batch;

    public IncidentStore(string dataDirectory, string purpose, TimeProvider? clock = null)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        _lock = DataDirectoryLock.Acquire(DataDirectory, purpose);
        _clock = clock ?? TimeProvider.System;
        try
        {
            Attach(new LiteDatabase(new ConnectionString
            {
                Filename = Path.Combine(DataDirectory, DatabaseFileName),
                Connection = ConnectionType.Direct,
            }, CreateMapper()));
        }
        catch (Exception e) when (DamageTolerantReader.IsDamage(e))
        {
            Attach(OpenSalvaged(e));
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_database), nameof(_incidents), nameof(_revisions), nameof(_originals), nameof(_meta))]
    private void Attach(LiteDatabase database)
    {
        _database = database;
        _incidents = _database.GetCollection<StoredIncident>("incidents");
        _revisions = _database.GetCollection<Revision>("revisions");
        _originals = _database.GetCollection<OriginalFile>("originals");
        _meta = _database.GetCollection("meta");
        _incidents.EnsureIndex(x => x.Date);
        _incidents.EnsureIndex(x => x.Status);
        _incidents.EnsureIndex(x => x.Severity);
        _incidents.EnsureIndex(x => x.Gaps);
        _incidents.EnsureIndex(x => x.Services);
        _incidents.EnsureIndex(x => x.Teams);
        _incidents.EnsureIndex(x => x.Source);
        _revisions.EnsureIndex(x => x.IncidentId);
        _generation = _meta.FindById(GenerationKey)?["value"].AsInt64 ?? 0;
    }

    public string DataDirectory { get; }

    /// <summary>The open database, for the other stores that live in the same file (accounts, the revision log).</summary>
    internal LiteDatabase Database => _database;

    /// <summary>
    /// Raised after each save that changed an incident has been committed, on the saving thread, with the document
    /// that was saved (already parsed: derived data need not read the Markdown again).
    /// Derived data (the search index) follows the store through it.
    /// </summary>
    public event Action<StoredIncident, IncidentDocument>? Saved;

    /// <summary>Raised after an incident was deleted and the deletion committed, with its id.</summary>
    public event Action<string>? Deleted;

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
        return mapper;
    }

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

    /// <summary>The id of the incident imported from this path, if any.</summary>
    public string? IdForSource(string sourcePath) =>
        _incidents.Query().Where("Source = @0", new BsonValue(sourcePath)).Select("_id").ToDocuments().Select(d => d["_id"].AsString).FirstOrDefault();

    public bool Exists(string id) => _incidents.Exists(x => x.Id == id);

    /// <summary>
    /// The bytes an imported incident was made from, exactly as read; null for native files (their Markdown is their
    /// exact text) and incidents written here.
    /// </summary>
    public OriginalFile? Original(string id) => _originals.FindById(id);

    public IReadOnlyList<Revision> Revisions(string id) =>
        _revisions.Query().Where(x => x.IncidentId == id).OrderBy(x => x.Number).ToList();

    /// <summary>
    /// Stores the document as a new revision of its incident, or does nothing when the text (or, for an import, the
    /// imported file) is unchanged. The caller validates; the store only needs a valid id.
    /// </summary>
    /// <param name="expectedRevision">
    /// The revision the author started from (0 for a new incident); when the stored incident has moved on since,
    /// nothing is saved and <see cref="ConcurrentEditException"/> says who saved in between. Null skips the check.
    /// </param>
    public SaveResult Save(IncidentDocument document, string author, ImportSource? import = null, int? expectedRevision = null)
    {
        var id = document.Incident.Id;
        if (id is null || !GapTaxonomy.Slug().IsMatch(id))
            throw new ArgumentException($"{document.File}: an incident needs a valid id to be stored (got '{id}')", nameof(document));

        ThrowIfReadOnly();
        var batch = BatchOfThisThread();
        var writing = false;
        if (batch is null && !_database.BeginTrans()) throw new InvalidOperationException("A store transaction is already open on this thread");
        try
        {
            var existing = _incidents.FindById(id);
            if (expectedRevision is { } expected && (existing?.Revision ?? 0) != expected)
            {
                if (batch is null) _database.Rollback();
                throw new ConcurrentEditException(id, expected, existing);
            }
            var sameImport = import is not null && existing?.SourceSha256 == import.Sha256 && existing.Source == import.Path;
            if (existing is not null && (sameImport || existing.Markdown == document.Text))
            {
                if (batch is null) _database.Rollback();
                return new SaveResult(id, SaveOutcome.Unchanged, existing.Revision);
            }

            var now = _clock.GetUtcNow();
            var record = ToRecord(document, id);
            // A deleted incident saved again goes on from its last revision, so that revision numbers never repeat.
            record.Revision = (existing?.Revision ?? LastRevisionNumber(id)) + 1;
            record.CreatedAt = existing?.CreatedAt ?? now;
            record.UpdatedAt = now;
            record.UpdatedBy = author;
            record.Source = import?.Path ?? existing?.Source;
            record.SourceSha256 = import?.Sha256 ?? existing?.SourceSha256;
            record.SourceFormat = import?.Format ?? existing?.SourceFormat;
            record.Suggestions = import is not null ? [.. import.Suggestions] : existing?.Suggestions ?? [];
            writing = true;
            if (existing is null) _incidents.Insert(record);
            else _incidents.Update(record);
            if (import?.Bytes is { } bytes)
                _originals.Upsert(new OriginalFile { Id = id, Path = import.Path, Sha256 = import.Sha256, Bytes = bytes });
            _revisions.Insert(new Revision { IncidentId = id, Number = record.Revision, Author = author, At = now, Markdown = document.Text });
            var result = new SaveResult(id, existing is null ? SaveOutcome.Created : SaveOutcome.Updated, record.Revision);
            if (batch is not null)
            {
                batch.Saved.Add((record, document));
                if (batch.Saved.Count >= batch.Size) CommitBatch(batch, beginNext: true);
                return result;
            }
            CommitChanges(1);
            Saved?.Invoke(record, document);
            return result;
        }
        catch when (batch is not null && writing)
        {
            // A save that failed half-written cannot be taken out of the batch's transaction alone: the batch is lost,
            // exactly as if the process had stopped before committing it; the saves committed before it stay.
            _database.Rollback();
            batch.Saved.Clear();
            _database.BeginTrans();
            throw;
        }
        catch when (batch is null)
        {
            _database.Rollback();
            throw;
        }
    }

    /// <summary>Writes the new generation and commits the open transaction.</summary>
    private void CommitChanges(int changes)
    {
        var generation = Generation + changes;
        _meta.Upsert(new BsonDocument { ["_id"] = GenerationKey, ["value"] = new BsonValue(generation) });
        _database.Commit();
        Interlocked.Exchange(ref _generation, generation);
    }

    /// <summary>
    /// Saves on this thread share one transaction per <paramref name="size"/> changed incidents until the batch is
    /// disposed: an import of thousands of files would otherwise commit (and sync to disk) once per file.
    /// The unit of safety is a committed batch: when the process stops, every batch committed before stays and the
    /// saves of the open one are gone, so an import run again takes them (unchanged files are skipped).
    /// <see cref="Saved"/> is raised for a batch's incidents once it is committed. Other threads save as usual,
    /// waiting for the batch's commit when they write the same collections.
    /// </summary>
    public IDisposable Batch(int size = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ThrowIfReadOnly();
        if (_batch is not null) throw new InvalidOperationException("A batch of saves is already open on this store");
        if (!_database.BeginTrans()) throw new InvalidOperationException("A store transaction is already open on this thread");
        _batch = new SaveBatch(this, Environment.CurrentManagedThreadId, size);
        return _batch;
    }

    private SaveBatch? BatchOfThisThread() => _batch is { } batch && batch.Thread == Environment.CurrentManagedThreadId ? batch : null;

    private void CommitBatch(SaveBatch batch, bool beginNext)
    {
        var saved = batch.Saved.ToList();
        batch.Saved.Clear();
        if (saved.Count > 0) CommitChanges(saved.Count);
        else _database.Rollback();
        if (beginNext) _database.BeginTrans();
        foreach (var (record, document) in saved) Saved?.Invoke(record, document);
    }

    private void EndBatch(SaveBatch batch)
    {
        if (Environment.CurrentManagedThreadId != batch.Thread)
            throw new InvalidOperationException("A batch of saves must end on the thread that started it");
        _batch = null;
        CommitBatch(batch, beginNext: false);
    }

    private sealed class SaveBatch(IncidentStore store, int thread, int size) : IDisposable
    {
        private bool _ended;
        public int Thread { get; } = thread;
        public int Size { get; } = size;
        public List<(StoredIncident Record, IncidentDocument Document)> Saved { get; } = [];

        public void Dispose()
        {
            if (_ended) return;
            _ended = true;
            store.EndBatch(this);
        }
    }

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
            ActionItems = [.. incident.ActionItems.Select(a => new StoredActionItem
            {
                Text = a.Text, Done = a.Done, Owner = a.Owner, Due = a.Due, Gap = a.Gap, Line = a.Line,
            })],
        };
    }

    /// <summary>
    /// Deletes an incident and its original file; its revisions stay, with one more that records who deleted it.
    /// Returns false when there is no such incident.
    /// </summary>
    public bool Delete(string id, string author)
    {
        ThrowIfReadOnly();
        if (!_database.BeginTrans()) throw new InvalidOperationException("A store transaction is already open on this thread");
        try
        {
            var existing = _incidents.FindById(id);
            if (existing is null)
            {
                _database.Rollback();
                return false;
            }
            _incidents.Delete(id);
            _originals.Delete(id);
            _revisions.Insert(new Revision { IncidentId = id, Number = existing.Revision + 1, Author = author, At = _clock.GetUtcNow(), Markdown = "", Deleted = true });
            CommitChanges(1);
        }
        catch
        {
            _database.Rollback();
            throw;
        }
        Deleted?.Invoke(id);
        return true;
    }

    /// <summary>A page of the incidents that match every given filter, newest first, with how many match in all.</summary>
    public (IReadOnlyList<StoredIncident> Page, int Total) Query(IncidentFilter filter, int skip, int take)
    {
        var query = _incidents.Query();
        if (filter.Gap is { } gap) query = query.Where("$.Gaps[*] ANY = @0", gap);
        if (filter.Difference is { } difference) query = query.Where("$.Differences[*] ANY = @0", difference);
        if (filter.Service is { } service) query = query.Where("$.Services[*] ANY = @0", service);
        if (filter.Team is { } team) query = query.Where("$.Teams[*] ANY = @0", team);
        if (filter.Severity is { } severity) query = query.Where("$.Severity = @0", severity);
        if (filter.Status is { } status) query = query.Where("$.Status = @0", status);
        if (filter.From is { } from) query = query.Where("$.Date >= @0", new BsonValue(from.UtcDateTime));
        if (filter.To is { } to) query = query.Where("$.Date < @0", new BsonValue(to.UtcDateTime));
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

    public void MarkSeeded(string contentDirectory) =>
        _meta.Upsert(new BsonDocument { ["_id"] = SeededKey, ["from"] = contentDirectory, ["at"] = _clock.GetUtcNow().UtcDateTime });

    public void Dispose()
    {
        _database.Dispose();
        DeleteSalvagedCopy();
        _lock.Dispose();
    }

    /// <summary>
    /// What reports count (the retro, the action items list) for every incident that matches the filter, without the
    /// Markdown, read lazily as the caller goes: a report over a large store holds the fields it needs, not the texts.
    /// Enumerate it on one thread and to the end (or dispose it): it holds a read cursor meanwhile.
    /// </summary>
    public IEnumerable<IncidentDigest> Summaries(IncidentFilter filter)
    {
        // The same filters as Query, so that a report's numbers equal what a filtered list counts.
        var query = _incidents.Query();
        if (filter.Gap is { } gap) query = query.Where("$.Gaps[*] ANY = @0", gap);
        if (filter.Difference is { } difference) query = query.Where("$.Differences[*] ANY = @0", difference);
        if (filter.Service is { } service) query = query.Where("$.Services[*] ANY = @0", service);
        if (filter.Team is { } team) query = query.Where("$.Teams[*] ANY = @0", team);
        if (filter.Severity is { } severity) query = query.Where("$.Severity = @0", severity);
        if (filter.Status is { } status) query = query.Where("$.Status = @0", status);
        if (filter.From is { } from) query = query.Where("$.Date >= @0", new BsonValue(from.UtcDateTime));
        if (filter.To is { } to) query = query.Where("$.Date < @0", new BsonValue(to.UtcDateTime));
        return query
            .Select(x => new { x.Id, x.Title, x.Date, x.Severity, x.Status, x.Revision, x.Teams, x.Services, x.Gaps, x.Differences, x.ActionItems })
            .ToEnumerable()
            .Select(x => new IncidentDigest(x.Id, x.Title, x.Date, x.Severity, x.Status, x.Revision,
                x.Teams, x.Services, x.Gaps, x.Differences, x.ActionItems));
    }
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
    IReadOnlyList<StoredActionItem> ActionItems);

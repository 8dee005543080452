using System.Globalization;
using LiteDB;

namespace Postmortems.Core.Storage;

/// <summary>The store's report records (see <see cref="ReportRecords"/>): filled once for a store written before them, then read by reports.</summary>
public sealed partial class IncidentStore
{
    /// <summary>Incidents read and written per transaction by the backfill: a store of 100,000 incidents is not one transaction.</summary>
    private const int BackfillChunk = 500;

    private volatile bool _reportsBackfilled;

    /// <summary>
    /// True when reports read the digests and action records. A damaged store's salvaged copy may lack some of them,
    /// and one that could not be backfilled has none: reports then read the incidents themselves, slower but whole.
    /// </summary>
    internal bool ReportsReady => _reportsBackfilled && Damage is null;

    /// <summary>
    /// Writes the report records of every incident once, for a store written before they existed, and records that it
    /// did in the meta collection, last: a backfill stopped half way is started over at the next open.
    /// </summary>
    private void BackfillReportRecords()
    {
        if (_meta.FindById(ReportRecords.BackfilledKey) is not null)
        {
            _reportsBackfilled = true;
            return;
        }
        if (Damage is not null) return;
        _writer.Run(() =>
        {
            BeginTransaction();
            _reports.Clear();
            _database.Commit();
            var ids = _incidents.Query().Select("_id").ToDocuments().Select(d => d["_id"].AsString).ToList();
            foreach (var chunk in ids.Chunk(BackfillChunk))
            {
                BeginTransaction();
                foreach (var id in chunk)
                {
                    if (_incidents.FindById(id) is { } incident) _reports.Saved(incident, isNew: true);
                }
                _database.Commit();
            }
            _meta.Upsert(new BsonDocument { ["_id"] = ReportRecords.BackfilledKey, ["incidents"] = ids.Count, ["at"] = _clock.GetUtcNow().UtcDateTime });
        });
        _reportsBackfilled = true;
    }

    /// <summary>
    /// What reports count (the retro, escape rates) for every incident that matches the filter, without the Markdown,
    /// read lazily as the caller goes from the digests: a report over a large store reads the fields it needs, not
    /// the texts. Enumerate it on one thread and to the end (or dispose it): it holds a read cursor meanwhile.
    /// </summary>
    public IEnumerable<IncidentDigest> Summaries(IncidentFilter filter)
    {
        // The same filters as Query, so that a report's numbers equal what a filtered list counts.
        if (ReportsReady) return Filtered(_reports.Digests, filter).ToEnumerable().Select(d => d.ToDigest());
        return Filtered(filter).ToEnumerable().Select(x => StoredDigest.Of(x).ToDigest());
    }

    /// <summary>
    /// Every digest as LiteDB reads it, without mapping it to objects (a third of the time at 100,000 incidents), for a
    /// reader that takes only a few fields of each; null when the digests cannot be used (see <see cref="ReportsReady"/>).
    /// </summary>
    internal IEnumerable<BsonDocument>? DigestDocuments() =>
        ReportsReady ? _database.GetCollection(ReportRecords.DigestsCollection).FindAll() : null;

    /// <summary>Every action item of every incident, in no particular order, without any incident's Markdown.</summary>
    public IEnumerable<ActionItemRecord> ActionItemRecords() =>
        ReportsReady ? _reports.Actions.FindAll() : _incidents.FindAll().SelectMany(ActionItemRecord.Of);

    /// <summary>The action items of these incidents, read through the incident id index.</summary>
    public IReadOnlyList<ActionItemRecord> ActionItemRecordsOf(IEnumerable<string> incidentIds)
    {
        var ids = incidentIds.Distinct(StringComparer.Ordinal).ToList();
        if (!ReportsReady) return ids.Select(Get).OfType<StoredIncident>().SelectMany(ActionItemRecord.Of).ToList();
        return ids.SelectMany(id => _reports.Actions.Find(LiteDB.Query.EQ(nameof(ActionItemRecord.IncidentId), id))).ToList();
    }

    /// <summary>Action items by record id ("{incident}:{line}"); those no longer stored are left out.</summary>
    public IReadOnlyList<ActionItemRecord> ActionItemRecordsById(IEnumerable<string> ids)
    {
        if (!ReportsReady)
        {
            var wanted = ids.ToHashSet(StringComparer.Ordinal);
            return ActionItemRecordsOf(wanted.Select(id => id[..Math.Max(0, id.LastIndexOf(':'))])).Where(r => wanted.Contains(r.Id)).ToList();
        }
        return ids.Select(id => _reports.Actions.FindById(id)).OfType<ActionItemRecord>().ToList();
    }

    /// <summary>
    /// The action items that match, through one index: an owner (case-insensitive), a team, or open items due before a
    /// day. For a one-off run (the command line), where loading every item for one owner's list would be waste.
    /// </summary>
    public IEnumerable<ActionItemRecord> ActionItemRecords(string? owner, string? team, DateOnly? openDueBefore)
    {
        if (!ReportsReady)
        {
            return ActionItemRecords().Where(r =>
                (owner is null || string.Equals(r.Owner, owner, StringComparison.OrdinalIgnoreCase))
                && (team is null || r.Teams.Contains(team, StringComparer.OrdinalIgnoreCase))
                && (openDueBefore is null || !r.Done && r.Due < openDueBefore));
        }
        var query = _reports.Actions.Query();
        if (owner is not null) query = query.Where("$.Owner = @0", owner);
        if (team is not null) query = query.Where("$.Teams[*] ANY = @0", team);
        // Dates are stored as yyyy-MM-dd text; the lower bound leaves out items without a due date (null sorts first).
        if (openDueBefore is { } day)
            query = query.Where("$.Due >= @0 AND $.Due < @1", "0000-01-01", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Where("$.Done = false");
        return query.ToEnumerable();
    }
}

using LiteDB;
using Postmortems.Core.Format;

namespace Postmortems.Core.Storage;

/// <summary>
/// What reports read, kept beside the incidents without their Markdown: one digest per incident (what the retro, escape
/// rates and lists count) and one record per action item, each with its own indexes. An incident's document holds its
/// Markdown, and LiteDB reads a whole document to answer any query over it: at 100,000 incidents a report that read
/// incidents read 600 MB of text. Written in the transaction of every save and delete, so a report never sees an
/// incident its digest does not match.
/// </summary>
internal sealed class ReportRecords
{
    public const string DigestsCollection = "digests";
    public const string ActionsCollection = "actions";

    /// <summary>The meta record that says every incident has its digest and action records (written once, by the backfill).</summary>
    public const string BackfilledKey = "report-records-v1";

    private readonly ILiteCollection<StoredDigest> _digests;
    private readonly ILiteCollection<ActionItemRecord> _actions;

    public ReportRecords(LiteDatabase database)
    {
        _digests = database.GetCollection<StoredDigest>(DigestsCollection);
        _actions = database.GetCollection<ActionItemRecord>(ActionsCollection);
        // The filters reports ask for most; LiteDB uses one index per query and filters the rest as it reads.
        _digests.EnsureIndex(x => x.Date);
        _digests.EnsureIndex(x => x.Gaps);
        _digests.EnsureIndex(x => x.CaughtBy);
        _actions.EnsureIndex(x => x.IncidentId);
        _actions.EnsureIndex(x => x.Owner);
        _actions.EnsureIndex(x => x.Due);
        _actions.EnsureIndex(x => x.Done);
        _actions.EnsureIndex(x => x.Gap);
        _actions.EnsureIndex(x => x.Teams);
    }

    public ILiteCollection<StoredDigest> Digests => _digests;
    public ILiteCollection<ActionItemRecord> Actions => _actions;

    /// <summary>Replaces the incident's records with those of its saved version; runs inside the save's transaction.</summary>
    public void Saved(StoredIncident incident, bool isNew)
    {
        _digests.Upsert(StoredDigest.Of(incident));
        if (!isNew) _actions.DeleteMany("$.IncidentId = @0", new BsonValue(incident.Id));
        if (incident.ActionItems.Count > 0) _actions.Insert(ActionItemRecord.Of(incident));
    }

    /// <summary>Removes the incident's records; runs inside the delete's transaction.</summary>
    public void Deleted(string id)
    {
        _digests.Delete(id);
        _actions.DeleteMany("$.IncidentId = @0", new BsonValue(id));
    }

    /// <summary>Clears both collections before a backfill starts over (one that was stopped half way left some).</summary>
    public void Clear()
    {
        _digests.DeleteAll();
        _actions.DeleteAll();
    }
}

/// <summary>An incident's fields that reports count, without its Markdown: the store's <see cref="IncidentDigest"/>, indexed.</summary>
public sealed class StoredDigest
{
    [BsonId]
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public DateTimeOffset? Date { get; set; }
    public string? Severity { get; set; }
    public string Status { get; set; } = "";
    public int Revision { get; set; }
    public List<string> Teams { get; set; } = [];
    public List<string> Services { get; set; } = [];
    public List<string> Gaps { get; set; } = [];
    public List<string> Differences { get; set; } = [];
    public List<StoredActionItem> ActionItems { get; set; } = [];
    public string Kind { get; set; } = RecordKind.Incident;
    public List<string> CaughtBy { get; set; } = [];
    public string? RecurrenceOf { get; set; }

    public static StoredDigest Of(StoredIncident x) => new()
    {
        Id = x.Id, Title = x.Title, Date = x.Date, Severity = x.Severity, Status = x.Status, Revision = x.Revision,
        Teams = x.Teams, Services = x.Services, Gaps = x.Gaps, Differences = x.Differences, ActionItems = x.ActionItems,
        Kind = RecordKind.Of(x.Kind), CaughtBy = x.CaughtBy ?? [], RecurrenceOf = x.RecurrenceOf,
    };

    public IncidentDigest ToDigest() =>
        new(Id, Title, Date, Severity, Status, Revision, Teams, Services, Gaps, Differences, ActionItems)
        {
            Kind = RecordKind.Of(Kind),
            CaughtBy = CaughtBy,
            RecurrenceOf = RecurrenceOf,
        };
}

/// <summary>
/// One action item with what lists show and filter by of its incident. The owner is kept trimmed (as parsed, without its
/// <c>@</c>), null when the item names none; the gap as written (a renamed gap is resolved when read).
/// </summary>
public sealed class ActionItemRecord
{
    /// <summary>"{incident id}:{line}": an item is its incident's task line.</summary>
    [BsonId]
    public string Id { get; set; } = "";
    public string IncidentId { get; set; } = "";
    public string IncidentTitle { get; set; } = "";
    public DateTimeOffset? IncidentDate { get; set; }
    public string? Severity { get; set; }
    public string Status { get; set; } = "";
    public int Revision { get; set; }
    public List<string> Teams { get; set; } = [];
    public int Line { get; set; }
    public string Text { get; set; } = "";
    public bool Done { get; set; }
    public string? Owner { get; set; }
    public DateOnly? Due { get; set; }
    public string? Gap { get; set; }

    public static string IdOf(string incidentId, int line) => $"{incidentId}:{line}";

    public static IEnumerable<ActionItemRecord> Of(StoredIncident incident) =>
        incident.ActionItems.Select(item => new ActionItemRecord
        {
            Id = IdOf(incident.Id, item.Line),
            IncidentId = incident.Id,
            IncidentTitle = incident.Title,
            IncidentDate = incident.Date,
            Severity = incident.Severity,
            Status = incident.Status,
            Revision = incident.Revision,
            Teams = incident.Teams,
            Line = item.Line,
            Text = item.Text,
            Done = item.Done,
            Owner = OwnerOf(item.Owner),
            Due = item.Due,
            Gap = item.Gap,
        });

    public static string? OwnerOf(string? owner) => string.IsNullOrWhiteSpace(owner) ? null : owner.Trim();
}

using LiteDB;

namespace Postmortems.Core.Storage;

/// <summary>An incident as the store keeps it: its Markdown, and the fields lists and filters need, indexed.</summary>
public sealed class StoredIncident
{
    [BsonId]
    public string Id { get; set; } = "";
    public string Markdown { get; set; } = "";

    /// <summary>SHA-256 (hex) of <see cref="Markdown"/>, set on every save; null in stores written before it existed.</summary>
    public string? Sha256 { get; set; }
    public string Title { get; set; } = "";
    public DateTimeOffset? Date { get; set; }
    public string? Severity { get; set; }
    public string Status { get; set; } = "";
    public List<string> Services { get; set; } = [];
    public List<string> Teams { get; set; } = [];
    public List<string> Authors { get; set; } = [];
    public List<string> Differences { get; set; } = [];
    public List<string> Gaps { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public string? DetectedBy { get; set; }

    /// <summary>incident or near-miss; null in stores written before near misses, which holds only incidents.</summary>
    public string? Kind { get; set; }

    /// <summary>A near miss's <c>caught-by</c> gap ids, as written.</summary>
    public List<string> CaughtBy { get; set; } = [];
    public string? RecurrenceOf { get; set; }
    public List<StoredActionItem> ActionItems { get; set; } = [];
    public int Revision { get; set; }

    /// <summary>
    /// The store generation of the commit that wrote this revision (0 for stores older than the field): an index that
    /// records generation N catches up by reading the incidents above it, instead of being rebuilt.
    /// </summary>
    public long Generation { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    /// <summary>Where an imported incident came from (path relative to the imported folder); null when written here.</summary>
    public string? Source { get; set; }

    /// <summary>SHA-256 (hex) of the imported file's bytes: an import of the same bytes changes nothing.</summary>
    public string? SourceSha256 { get; set; }

    /// <summary>How the imported file was read: native, foreign front matter, or free-form Markdown.</summary>
    public string? SourceFormat { get; set; }

    /// <summary>Gaps and differences the text suggests, waiting for a person to confirm them.</summary>
    public List<Suggestion> Suggestions { get; set; } = [];
}

/// <summary>An imported file as it was: its exact bytes, kept beside the incident made from it.</summary>
public sealed class OriginalFile
{
    /// <summary>The incident's id.</summary>
    [BsonId]
    public string Id { get; set; } = "";
    public string Path { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public byte[] Bytes { get; set; } = [];
}

/// <summary>Where a save comes from when it is an import.</summary>
/// <param name="Bytes">The file as read; null for a native file, whose Markdown is already its exact text.</param>
public sealed record ImportSource(string Path, byte[]? Bytes, string Sha256, string Format, IReadOnlyList<Suggestion> Suggestions);

public sealed class StoredActionItem
{
    public string Text { get; set; } = "";
    public bool Done { get; set; }
    public string? Owner { get; set; }
    public DateOnly? Due { get; set; }
    public string? Gap { get; set; }
    public int Line { get; set; }
}

/// <summary>One saved version of an incident: who, when, and the full text.</summary>
public sealed class Revision
{
    public ObjectId Id { get; set; } = ObjectId.Empty;
    public string IncidentId { get; set; } = "";
    public int Number { get; set; }
    public string Author { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string Markdown { get; set; } = "";

    /// <summary>True for the revision that records a deletion (its Markdown is empty).</summary>
    public bool Deleted { get; set; }
}

/// <summary>Filters for a list of incidents; null means any. Dates: From inclusive, To exclusive.</summary>
public sealed record IncidentFilter
{
    public string? Gap { get; init; }
    public string? Difference { get; init; }
    public string? Service { get; init; }
    public string? Team { get; init; }
    public string? Severity { get; init; }
    public string? Status { get; init; }

    /// <summary>incident (which also matches records stored before kinds existed) or near-miss.</summary>
    public string? Kind { get; init; }

    /// <summary>A gap id a near miss names in <c>caught-by</c>.</summary>
    public string? CaughtBy { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
}

/// <summary>Someone else saved the incident after the author started editing it: nothing was saved.</summary>
public sealed class ConcurrentEditException(string id, int expectedRevision, StoredIncident? current)
    : Exception(current is null
        ? $"Incident '{id}' was deleted after you started editing revision {expectedRevision}."
        : $"Incident '{id}' was saved by {current.UpdatedBy} at {current.UpdatedAt:yyyy-MM-dd HH:mm}Z (revision {current.Revision}) after you started editing revision {expectedRevision}.")
{
    public string Id { get; } = id;
    public int ExpectedRevision { get; } = expectedRevision;
    public StoredIncident? Current { get; } = current;
}

/// <summary>What a list of incidents shows, without the Markdown.</summary>
public sealed record IncidentSummary(string Id, string Title, DateTimeOffset? Date, string? Severity, string Status, IReadOnlyList<string> Gaps, IReadOnlyList<string> Services);

public enum SaveOutcome { Created, Updated, Unchanged }

public sealed record SaveResult(string Id, SaveOutcome Outcome, int Revision);

using System.Text.Json.Serialization;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Web.Api;

/// <summary>One incident in a list: the fields a list shows and filters on, without the Markdown.</summary>
public sealed record IncidentListItem(
    string Id,
    string Title,
    DateTimeOffset? Date,
    string? Severity,
    string Status,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Teams,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<string> Differences,
    string? Source)
{
    public static IncidentListItem From(StoredIncident stored) =>
        new(stored.Id, stored.Title, stored.Date, stored.Severity, stored.Status,
            stored.Services, stored.Teams, stored.Gaps, stored.Differences, stored.Source)
        {
            Kind = RecordKind.Of(stored.Kind),
            CaughtBy = stored.CaughtBy,
            RecurrenceOf = stored.RecurrenceOf,
        };

    /// <summary>incident or near-miss.</summary>
    public string Kind { get; init; } = RecordKind.Incident;

    /// <summary>A near miss's controls that caught it (gap ids).</summary>
    public IReadOnlyList<string> CaughtBy { get; init; } = [];

    /// <summary>The earlier record this one happened again after, if any.</summary>
    public string? RecurrenceOf { get; init; }
}

/// <param name="Total">How many incidents match the filters in all, whatever the page.</param>
public sealed record IncidentPage(int Total, int Limit, int Offset, IReadOnlyList<IncidentListItem> Items);

/// <summary>An incident's stored fields, its revision and, when asked for, its Markdown exactly as stored.</summary>
public sealed record IncidentDetails(
    string Id,
    string Title,
    DateTimeOffset? Date,
    string? Severity,
    string Status,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Teams,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<string> Differences,
    IReadOnlyList<string> Tags,
    string? DetectedBy,
    string? Source,
    int Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Markdown)
{
    public static IncidentDetails From(StoredIncident stored, bool withMarkdown) =>
        new(stored.Id, stored.Title, stored.Date, stored.Severity, stored.Status,
            stored.Services, stored.Teams, stored.Authors, stored.Gaps, stored.Differences, stored.Tags,
            stored.DetectedBy, stored.Source, stored.Revision, stored.CreatedAt, stored.UpdatedAt, stored.UpdatedBy,
            withMarkdown ? stored.Markdown : null)
        {
            Kind = RecordKind.Of(stored.Kind),
            CaughtBy = stored.CaughtBy,
            RecurrenceOf = stored.RecurrenceOf,
        };

    /// <summary>incident or near-miss.</summary>
    public string Kind { get; init; } = RecordKind.Incident;

    /// <summary>A near miss's controls that caught it (gap ids).</summary>
    public IReadOnlyList<string> CaughtBy { get; init; } = [];

    /// <summary>The earlier record this one happened again after, if any.</summary>
    public string? RecurrenceOf { get; init; }
}

/// <param name="Deleted">True for the revision that records the incident's deletion.</param>
public sealed record RevisionItem(
    int Number,
    string Author,
    DateTimeOffset At,
    bool Deleted,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Markdown)
{
    public static RevisionItem From(Revision revision, bool withMarkdown) =>
        new(revision.Number, revision.Author, revision.At, revision.Deleted, withMarkdown ? revision.Markdown : null);
}

public sealed record RevisionList(string Id, IReadOnlyList<RevisionItem> Items);

/// <param name="IncidentCount">How many stored incidents name this gap.</param>
public sealed record GapListItem(string Id, string Title, string Kind, int IncidentCount);

public sealed record GapList(IReadOnlyList<GapListItem> Items);

public sealed record GapDetails(
    string Id,
    string Title,
    string Kind,
    string Description,
    IReadOnlyList<string> Checklist,
    IReadOnlyList<string> Aliases,
    int IncidentCount)
{
    public static GapDetails From(Gap gap, int incidentCount) =>
        new(gap.Id, gap.Title, gap.Kind, gap.Description, gap.Checklist, gap.Aliases, incidentCount);
}

/// <summary>One validation problem, as a problem+json answer lists them.</summary>
/// <param name="Warning">Something to do before the incident can be published, not something that stops this save.</param>
public sealed record ApiProblem(int Line, string Message, string? Fix, bool Warning)
{
    public static ApiProblem From(Problem problem) => new(problem.Line, problem.Message, problem.Fix, problem.IsWarning);
}

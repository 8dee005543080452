namespace Postmortems.Core.Format;

/// <summary>What an incident file says, read into fields. The file's text stays the source of truth.</summary>
public sealed record Incident
{
    public string? Id { get; init; }
    public string? Title { get; init; }
    public DateTimeOffset? Date { get; init; }
    public string? Severity { get; init; }
    public string? Status { get; init; }
    public IReadOnlyList<string> Services { get; init; } = [];
    public IReadOnlyList<string> Teams { get; init; } = [];
    public IReadOnlyList<string> Authors { get; init; } = [];
    public IReadOnlyList<string> Differences { get; init; } = [];
    public IReadOnlyList<GapLink> Gaps { get; init; } = [];
    public string? DetectedBy { get; init; }
    public string? Duration { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>As written: <see cref="RecordKind.Incident"/> (also when absent) or <see cref="RecordKind.NearMiss"/>.</summary>
    public string? Kind { get; init; }

    /// <summary>For a near miss, the controls that caught it before it reached production (gap ids, as <see cref="Gaps"/>).</summary>
    public IReadOnlyList<GapLink> CaughtBy { get; init; } = [];

    /// <summary>The id of an earlier record this one happened again after.</summary>
    public string? RecurrenceOf { get; init; }

    /// <summary>Front-matter keys this format does not know, with their YAML text, in file order.</summary>
    public IReadOnlyList<RawField> OtherFields { get; init; } = [];

    /// <summary>Markdown between the front matter and the first <c>##</c> section.</summary>
    public string Preamble { get; init; } = "";

    public IReadOnlyList<IncidentSection> Sections { get; init; } = [];
    public IReadOnlyList<ActionItem> ActionItems { get; init; } = [];

    /// <summary>Not yet claimed complete: a draft, or an imported incident nobody has reviewed.</summary>
    public bool IsDraft => Status is null or IncidentStatus.Draft or IncidentStatus.Imported;

    public bool IsImported => Status == IncidentStatus.Imported;

    public bool IsNearMiss => Kind == RecordKind.NearMiss;

    /// <summary>The section with this title, or the one that stands for this standard section under another name.</summary>
    public IncidentSection? Section(string title) =>
        Sections.FirstOrDefault(s => string.Equals(s.Title, title, StringComparison.OrdinalIgnoreCase))
        ?? Sections.FirstOrDefault(s => string.Equals(s.Standard, title, StringComparison.OrdinalIgnoreCase));
}

public sealed record GapLink(string Id, string? Note);

public sealed record RawField(string Key, string Yaml);

/// <param name="Title">The heading text, without the <c>##</c>.</param>
/// <param name="Markdown">The section's content without its heading, trimmed, with LF line ends.</param>
/// <param name="Line">1-based line of the heading in the file.</param>
public sealed record IncidentSection(string Title, string Markdown, int Line)
{
    /// <summary>The standard section this heading stands for ("Contributing Factors" is "Root cause"), or null.</summary>
    public string? Standard => SectionNames.StandardFor(Title);
}

/// <param name="Line">1-based line of the task in the file.</param>
public sealed record ActionItem(string Text, bool Done, string? Owner, DateOnly? Due, string? DueText, string? Gap, int Line);

public static class IncidentStatus
{
    public const string Draft = "draft";
    public const string InReview = "in-review";
    public const string Published = "published";

    /// <summary>Brought in from an archive and not reviewed yet: kept as written, never rejected for what it lacks.</summary>
    public const string Imported = "imported";

    public static readonly IReadOnlyList<string> All = [Draft, InReview, Published, Imported];
}

/// <summary>What a record is: a failure that reached production, or one a control caught before it did.</summary>
public static class RecordKind
{
    public const string Incident = "incident";
    public const string NearMiss = "near-miss";

    public static readonly IReadOnlyList<string> All = [Incident, NearMiss];

    /// <summary>The kind a record is counted as: an absent kind is an incident, so files older than near misses stay valid.</summary>
    public static string Of(string? kind) => kind == NearMiss ? NearMiss : Incident;
}

public static class IncidentSeverity
{
    public static readonly IReadOnlyList<string> All = ["sev1", "sev2", "sev3", "sev4"];
}

public static class DetectionSource
{
    public static readonly IReadOnlyList<string> All = ["alert", "customer", "engineer", "synthetic", "other"];
}

public static class StandardSections
{
    public const string Summary = "Summary";
    public const string Impact = "Impact";
    public const string Timeline = "Timeline";
    public const string WhatDiffered = "What differed between dev and prod";
    public const string RootCause = "Root cause";
    public const string HowItGotThrough = "How it got through";
    public const string Detection = "Detection";
    public const string Resolution = "Resolution";
    public const string ActionItems = "Action items";
    public const string LessonsLearned = "Lessons learned";

    public static readonly IReadOnlyList<string> InOrder =
        [Summary, Impact, Timeline, WhatDiffered, RootCause, HowItGotThrough, Detection, Resolution, ActionItems, LessonsLearned];

    /// <summary>What an incident needs before it can go to review or be published.</summary>
    public static readonly IReadOnlyList<string> Required =
        [Summary, Impact, Timeline, WhatDiffered, RootCause, HowItGotThrough, ActionItems];
}

/// <summary>The sections of a near miss: what it would have done, and how it was stopped instead of how it got through.</summary>
public static class NearMissSections
{
    public const string WhatWouldHaveHappened = "What would have happened";
    public const string HowItWasCaught = "How it was caught";

    public static readonly IReadOnlyList<string> InOrder =
    [
        StandardSections.Summary, WhatWouldHaveHappened, StandardSections.Timeline, StandardSections.WhatDiffered,
        HowItWasCaught, StandardSections.RootCause, StandardSections.ActionItems, StandardSections.LessonsLearned,
    ];

    /// <summary>What a near miss needs before it can go to review or be published.</summary>
    public static readonly IReadOnlyList<string> Required =
        [StandardSections.Summary, WhatWouldHaveHappened, HowItWasCaught, StandardSections.WhatDiffered, StandardSections.ActionItems];
}

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

    /// <summary>Front-matter keys this format does not know, with their YAML text, in file order.</summary>
    public IReadOnlyList<RawField> OtherFields { get; init; } = [];

    /// <summary>Markdown between the front matter and the first <c>##</c> section.</summary>
    public string Preamble { get; init; } = "";

    public IReadOnlyList<IncidentSection> Sections { get; init; } = [];
    public IReadOnlyList<ActionItem> ActionItems { get; init; } = [];

    /// <summary>Not yet claimed complete: a draft, or an imported incident nobody has reviewed.</summary>
    public bool IsDraft => Status is null or IncidentStatus.Draft or IncidentStatus.Imported;

    public bool IsImported => Status == IncidentStatus.Imported;

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

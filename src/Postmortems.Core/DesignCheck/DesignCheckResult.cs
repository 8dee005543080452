using Postmortems.Core.Search;

namespace Postmortems.Core.DesignCheck;

/// <summary>
/// What the past says about a design: the incidents that look like it, the gaps that let them through, what to check
/// before shipping, and what differed between dev and prod when similar changes failed.
/// </summary>
/// <param name="Terms">The words the design was read as (its salient terms), most salient first.</param>
public sealed record DesignCheckResult(
    IReadOnlyList<DesignIncident> Incidents,
    IReadOnlyList<DesignGap> Gaps,
    IReadOnlyList<ChecklistItem> Checklist,
    IReadOnlyList<DesignDifference> Differences,
    IReadOnlyList<string> Terms,
    TimeSpan Elapsed)
{
    public bool FoundAnything => Incidents.Count > 0;

    /// <summary>The controls that caught near misses like this design before they shipped: keep them in the plan.</summary>
    public IReadOnlyList<CaughtBefore> CaughtBefore { get; init; } = [];
}

/// <summary>A control that caught near misses like the design, and the sentence that says to keep it.</summary>
/// <param name="NearMisses">The near misses it caught, most relevant first.</param>
public sealed record CaughtBefore(string Gap, string Title, string Kind, IReadOnlyList<string> NearMisses, string Text);

/// <summary>A past incident that looks like the design.</summary>
/// <param name="Relevance">Its score relative to the best match: 1 for the first, less for the others.</param>
/// <param name="Gaps">The gaps it names; a person confirmed them.</param>
/// <param name="SuggestedGaps">For an imported incident nobody has reviewed yet: the gaps its text suggests.</param>
public sealed record DesignIncident(
    string Id,
    string Title,
    string? Source,
    DateTimeOffset? Date,
    double Relevance,
    DesignWhy Why,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<string> SuggestedGaps,
    IReadOnlyList<string> Differences,
    IReadOnlyList<string> SuggestedDifferences)
{
    /// <summary>incident or near-miss.</summary>
    public string Kind { get; init; } = Format.RecordKind.Incident;

    /// <summary>For a near miss, the controls that caught it.</summary>
    public IReadOnlyList<string> CaughtBy { get; init; } = [];
}

/// <summary>Why an incident was picked.</summary>
/// <param name="Terms">The design's salient words that the incident uses too, most salient first.</param>
/// <param name="Section">The section of the incident that matched best ("Root cause").</param>
/// <param name="Snippet">That section's best passage, starting with its name: "Root cause: …".</param>
/// <param name="Highlights">The matched words inside <paramref name="Snippet"/>.</param>
public sealed record DesignWhy(IReadOnlyList<string> Terms, string? Section, string Snippet, IReadOnlyList<Highlight> Highlights);

/// <summary>A gap that let similar changes through.</summary>
/// <param name="Score">The summed relevance of the incidents behind it (a suggested gap counts half).</param>
/// <param name="Incidents">The incidents behind it, most relevant first.</param>
/// <param name="Suggested">Those of <paramref name="Incidents"/> for which the gap is only suggested, not confirmed.</param>
/// <param name="InChecklist">Whether its "How to close it" steps are in the merged checklist.</param>
public sealed record DesignGap(
    string Id,
    string Title,
    string Kind,
    string Description,
    double Score,
    IReadOnlyList<string> Incidents,
    IReadOnlyList<string> Suggested,
    IReadOnlyList<string> Checklist,
    bool InChecklist);

/// <summary>One step of the pre-ship checklist, with the gaps it closes and the incidents behind them.</summary>
public sealed record ChecklistItem(string Text, IReadOnlyList<string> Gaps, IReadOnlyList<string> Incidents);

/// <summary>A difference between dev and prod that bit similar changes.</summary>
/// <param name="Mentioned">Its signal words that the design itself uses ("region", "cache"): where to look.</param>
public sealed record DesignDifference(
    string Id,
    string Title,
    string Description,
    double Score,
    IReadOnlyList<string> Incidents,
    IReadOnlyList<string> Mentioned);

using Postmortems.Core.Format;

namespace Postmortems.Core.Search;

/// <summary>The index's fields, how much a match in each counts, and the names people may type for them.</summary>
public static class SearchFields
{
    /// <summary>
    /// Written into every commit; an index written with another version is rebuilt at start.
    /// Bump it whenever fields, analysis or synonyms change.
    /// </summary>
    public const int SchemaVersion = 6;

    // Analyzed text, each with its weight.
    public const string Title = "title";
    public const string Summary = "summary";
    public const string Cause = "cause";
    public const string Through = "through";
    public const string Meta = "meta";
    public const string Body = "body";

    /// <summary>
    /// Every text field again, in one field analysed the same way: a search finds its matches here (one list of
    /// incidents per word instead of six), then ranks the best of them by the weighted fields.
    /// </summary>
    public const string All = "all";

    /// <summary>The section name of each <see cref="Body"/> value, stored in the same order (for snippets).</summary>
    public const string BodySection = "body_section";

    /// <summary>Every word of the text, lower-cased but not stemmed: what "did you mean" suggests from.</summary>
    public const string Spell = "spell";

    // Exact (keyword) fields: indexed as given, lower-cased, with doc values for facets.
    public const string Id = "id";
    public const string Gap = "gap";
    public const string Difference = "difference";
    public const string Service = "service";
    public const string Team = "team";
    public const string Severity = "severity";
    public const string Status = "status";
    public const string Tag = "tag";
    public const string Year = "year";
    public const string Author = "author";
    public const string DetectedBy = "detected";

    /// <summary>incident or near-miss (<see cref="Format.RecordKind"/>).</summary>
    public const string Kind = "kind";

    /// <summary>The start of the incident as UTC ticks: indexed for ranges, doc values for sorting.</summary>
    public const string Date = "date";

    // Stored only.
    public const string Source = "source";
    public const string DateText = "date_text";

    public static readonly IReadOnlyList<string> TextFields = [Title, Summary, Cause, Through, Meta, Body];

    /// <summary>Where a match means most: the title, then what happened and why it got through, then the rest.</summary>
    public static readonly IReadOnlyDictionary<string, float> Weights = new Dictionary<string, float>
    {
        [Title] = 3.0f,
        [Summary] = 2.0f,
        [Cause] = 2.0f,
        [Through] = 1.5f,
        [Meta] = 1.5f,
        [Body] = 1.0f,
    };

    public static readonly IReadOnlyList<string> ExactFields = [Id, Gap, Difference, Service, Team, Severity, Status, Tag, Year, Author, DetectedBy, Kind];

    /// <summary>The exact fields counted for every search, in display order, with their names in results.</summary>
    public static readonly IReadOnlyList<(string Field, string Name)> Facets =
    [
        (Gap, "gaps"), (Difference, "differences"), (Service, "services"), (Team, "teams"),
        (Severity, "severity"), (Status, "status"), (Year, "year"), (Kind, "kind"),
    ];

    /// <summary>The section names shown before a snippet for the single-section fields.</summary>
    public static readonly IReadOnlyDictionary<string, string> SectionNames = new Dictionary<string, string>
    {
        [Title] = "Title",
        [Summary] = StandardSections.Summary,
        [Cause] = StandardSections.RootCause,
        [Through] = StandardSections.HowItGotThrough,
        [Meta] = "Tags",
    };

    /// <summary>What a person may type before the colon, and the field it means.</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = Id,
        ["gap"] = Gap, ["gaps"] = Gap,
        ["difference"] = Difference, ["differences"] = Difference, ["diff"] = Difference, ["differed"] = Difference,
        ["service"] = Service, ["services"] = Service, ["svc"] = Service,
        ["team"] = Team, ["teams"] = Team,
        ["severity"] = Severity, ["sev"] = Severity,
        ["status"] = Status, ["state"] = Status,
        ["tag"] = Tag, ["tags"] = Tag,
        ["year"] = Year,
        ["author"] = Author, ["authors"] = Author, ["by"] = Author,
        ["detected"] = DetectedBy, ["detected-by"] = DetectedBy, ["detection"] = DetectedBy,
        ["kind"] = Kind,
        ["date"] = Date, ["when"] = Date,
        ["title"] = Title,
        ["summary"] = Summary,
        ["cause"] = Cause, ["root-cause"] = Cause, ["rootcause"] = Cause, ["why"] = Cause,
        ["through"] = Through, ["how"] = Through, ["got-through"] = Through,
        ["meta"] = Meta,
        ["body"] = Body, ["text"] = Body,
    };

    /// <summary>The names listed in the message for an unknown field.</summary>
    public const string KnownFieldNames = "gap, difference, service, team, severity, status, kind, tag, year, date, id, author, detected, title, summary, cause, through, body";
}

using Postmortems.Core.Format;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Tests;

namespace Postmortems.Web.Tests.Gaps;

/// <summary>
/// A store of its own in a temporary data directory, with its search index (which follows every save), for
/// components that read them; deleted on dispose.
/// </summary>
public sealed class TestStore : IDisposable
{
    private readonly TempDirectory _directory = new();

    public TestStore(GapTaxonomy? taxonomy = null, TimeProvider? clock = null)
    {
        Store = new IncidentStore(_directory.Path, "a component test", clock);
        Index = new IncidentIndex(Store, taxonomy ?? RepositoryTaxonomy.Value);
    }

    public static readonly Lazy<GapTaxonomy> RepositoryTaxonomy = new(() => GapTaxonomy.LoadOrThrow(RepositoryContent.Directory));

    public IncidentStore Store { get; }

    public IncidentIndex Index { get; }

    public SaveResult Save(string markdown, string author = "alice") => Store.Save(IncidentDocument.Parse(markdown, "incident.md"), author);

    /// <summary>A small published incident: front matter, a summary, and the given action-item lines.</summary>
    public static string Incident(string id, string date, IEnumerable<string> gaps, string title = "", string severity = "sev2", params string[] actionItems) => $"""
        ---
        id: {id}
        title: {(title.Length > 0 ? title : $"Incident {id}")}
        date: {date}
        severity: {severity}
        status: published
        differences: [config]
        gaps: [{string.Join(", ", gaps)}]
        ---

        ## Summary

        What happened in {id}.

        ## Action items

        {string.Join("\n", actionItems)}

        """;

    public void Dispose()
    {
        Index.Dispose();
        Store.Dispose();
        _directory.Dispose();
    }
}

/// <summary>A clock fixed at one instant, in UTC.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

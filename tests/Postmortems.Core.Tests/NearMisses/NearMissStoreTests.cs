using LiteDB;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.NearMisses;

public sealed class NearMissStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void A_near_miss_is_stored_with_its_kind_caught_by_and_recurrence_and_filtered_by_them()
    {
        using var store = new IncidentStore(_data.Path, "tests");
        store.Save(IncidentDocument.Parse(NearMissFormatTests.NearMiss), "dana");
        store.Save(IncidentDocument.Parse(Samples.Complete), "dana");

        var stored = store.Get("2025-06-02-invoice-rounding-caught-in-canary")!;
        Assert.Equal(RecordKind.NearMiss, stored.Kind);
        Assert.Equal(["staged-rollout", "load-testing"], stored.CaughtBy);
        Assert.Equal("2024-11-20-invoice-rounding", stored.RecurrenceOf);
        Assert.Equal(RecordKind.Incident, store.Get("2025-03-14-checkout-pool-exhaustion")!.Kind);

        Assert.Equal(1, store.Count(new IncidentFilter { Kind = RecordKind.NearMiss }));
        Assert.Equal(1, store.Count(new IncidentFilter { Kind = RecordKind.Incident }));
        Assert.Equal(1, store.Count(new IncidentFilter { CaughtBy = "load-testing" }));
        Assert.Equal(0, store.Count(new IncidentFilter { CaughtBy = "load-testing", Kind = RecordKind.Incident }));
        Assert.Equal(1, store.Count(new IncidentFilter { Gap = "load-testing" }));
        var digest = Assert.Single(store.Summaries(new IncidentFilter { Kind = RecordKind.NearMiss }));
        Assert.True(digest.IsNearMiss);
        Assert.Equal(["staged-rollout", "load-testing"], digest.CaughtBy);
        Assert.Equal("2024-11-20-invoice-rounding", digest.RecurrenceOf);
    }

    [Fact]
    public void A_record_stored_before_kinds_existed_counts_as_an_incident()
    {
        using (var store = new IncidentStore(_data.Path, "tests"))
        {
            store.Save(IncidentDocument.Parse(Samples.Complete), "dana");
            // What a store written by an earlier version holds: no Kind at all.
            var incidents = store.Database.GetCollection("incidents");
            var document = incidents.FindById("2025-03-14-checkout-pool-exhaustion");
            document.Remove("Kind");
            incidents.Update(document);
        }

        using var reopened = new IncidentStore(_data.Path, "tests");
        Assert.Null(reopened.Get("2025-03-14-checkout-pool-exhaustion")!.Kind);
        Assert.Equal(1, reopened.Count(new IncidentFilter { Kind = RecordKind.Incident }));
        Assert.Equal(0, reopened.Count(new IncidentFilter { Kind = RecordKind.NearMiss }));
        Assert.Equal(RecordKind.Incident, Assert.Single(reopened.Summaries(new IncidentFilter())).Kind);
    }
}

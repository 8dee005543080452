using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests;

public sealed class IncidentStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _data.Dispose();

    private IncidentStore Open() => new(_data.Path, "tests", _clock);

    private static IncidentDocument Sample(string? text = null) => IncidentDocument.Parse(text ?? Samples.Complete);

    [Fact]
    public void Each_save_of_a_changed_text_is_a_revision_with_who_and_when()
    {
        using var store = Open();

        var first = store.Save(Sample(), "alice");
        _clock.Now = _clock.Now.AddHours(1);
        var unchanged = store.Save(Sample(), "bob");
        var edited = Samples.Complete.WithLine("12% of checkouts failed.", "14% of checkouts failed.");
        var second = store.Save(Sample(edited), "carol");

        Assert.Equal(new SaveResult("2025-03-14-checkout-pool-exhaustion", SaveOutcome.Created, 1), first);
        Assert.Equal(SaveOutcome.Unchanged, unchanged.Outcome);
        Assert.Equal(new SaveResult("2025-03-14-checkout-pool-exhaustion", SaveOutcome.Updated, 2), second);
        var revisions = store.Revisions("2025-03-14-checkout-pool-exhaustion");
        Assert.Equal([(1, "alice", Samples.Complete), (2, "carol", edited)], revisions.Select(r => (r.Number, r.Author, r.Markdown)));
        Assert.Equal([_clock.Now.AddHours(-1), _clock.Now], revisions.Select(r => r.At));
        var stored = store.Get("2025-03-14-checkout-pool-exhaustion")!;
        Assert.Equal(edited, stored.Markdown);
        Assert.Equal("carol", stored.UpdatedBy);
        Assert.Equal(_clock.Now.AddHours(-1), stored.CreatedAt);
    }

    [Fact]
    public void Each_committed_change_raises_saved_and_moves_the_generation_on()
    {
        using var store = Open();
        var saved = new List<string>();
        store.Saved += (incident, _) => saved.Add($"{incident.Id}@{incident.Revision}");

        store.Save(Sample(), "alice");
        store.Save(Sample(), "alice");
        store.Save(Sample(Samples.Complete.WithLine("12% of checkouts failed.", "13% of checkouts failed.")), "alice");

        Assert.Equal(["2025-03-14-checkout-pool-exhaustion@1", "2025-03-14-checkout-pool-exhaustion@2"], saved);
        Assert.Equal(2, store.Generation);
    }

    private static IncidentDocument Numbered(int number) =>
        Sample(Samples.Complete.WithLine("id: 2025-03-14-checkout-pool-exhaustion", $"id: 2025-03-14-checkout-{number}"));

    [Fact]
    public void A_batch_commits_every_size_saves_and_at_its_end_and_raises_saved_only_for_committed_ones()
    {
        using var store = Open();
        var saved = new List<string>();
        store.Saved += (incident, _) => saved.Add(incident.Id);

        using (store.Batch(size: 2))
        {
            store.Save(Numbered(1), "alice");
            Assert.Empty(saved);
            Assert.Equal(0, store.Generation);
            Assert.Equal(SaveOutcome.Unchanged, store.Save(Numbered(1), "alice").Outcome);
            store.Save(Numbered(2), "alice");
            Assert.Equal(["2025-03-14-checkout-1", "2025-03-14-checkout-2"], saved);
            Assert.Equal(2, store.Generation);
            store.Save(Numbered(3), "alice");
            Assert.Equal(2, saved.Count);
        }

        Assert.Equal(["2025-03-14-checkout-1", "2025-03-14-checkout-2", "2025-03-14-checkout-3"], saved);
        Assert.Equal(3, store.Generation);
        Assert.Equal(3, store.Count());
    }

    [Fact]
    public void A_store_closed_with_a_batch_open_keeps_the_committed_batches_and_loses_the_open_one()
    {
        using (var store = Open())
        {
            _ = store.Batch(size: 2);
            for (var i = 1; i <= 3; i++) store.Save(Numbered(i), "alice");
        }

        using var reopened = Open();
        Assert.Equal(["2025-03-14-checkout-1", "2025-03-14-checkout-2"], reopened.All().Select(i => i.Id).Order());
        Assert.Equal(2, reopened.Generation);
        Assert.Single(reopened.Revisions("2025-03-14-checkout-2"));
        Assert.Empty(reopened.Revisions("2025-03-14-checkout-3"));
    }

    [Fact]
    public void A_refused_save_inside_a_batch_leaves_the_batch_going()
    {
        using var store = Open();
        using (store.Batch())
        {
            store.Save(Numbered(1), "alice");
            Assert.Throws<ConcurrentEditException>(() => store.Save(Numbered(2), "bob", expectedRevision: 3));
            store.Save(Numbered(3), "alice");
        }
        Assert.Equal(["2025-03-14-checkout-1", "2025-03-14-checkout-3"], store.All().Select(i => i.Id).Order());
    }

    [Fact]
    public void Fields_and_instants_come_back_as_saved_in_utc()
    {
        using (var store = Open()) store.Save(Sample(), "alice");

        using var reopened = Open();
        var stored = reopened.Get("2025-03-14-checkout-pool-exhaustion")!;

        Assert.Equal(new DateTimeOffset(2025, 3, 14, 14, 2, 0, TimeSpan.Zero), stored.Date);
        Assert.Equal(TimeSpan.Zero, stored.Date!.Value.Offset);
        Assert.Equal(["load-testing", "config-review"], stored.Gaps);
        Assert.Equal("sev2", stored.Severity);
        Assert.Equal(new DateOnly(2025, 4, 1), stored.ActionItems[0].Due);
        Assert.True(stored.ActionItems[1].Done);
    }

    [Fact]
    public void A_document_without_a_valid_id_is_refused()
    {
        using var store = Open();

        var error = Assert.Throws<ArgumentException>(() => store.Save(IncidentDocument.Parse("---\ntitle: no id\n---\n", "x.md"), "alice"));

        Assert.Contains("x.md", error.Message);
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public void Lists_newest_first_one_page_at_a_time()
    {
        using var store = Open();
        for (var day = 1; day <= 5; day++)
        {
            store.Save(Sample(Samples.Complete
                .WithLine("id: 2025-03-14-checkout-pool-exhaustion", $"id: incident-{day}")
                .WithLine("date: 2025-03-14T14:02:00Z", $"date: 2025-03-0{day}")), "alice");
        }

        Assert.Equal(5, store.Count());
        Assert.Equal(["incident-5", "incident-4"], store.List(0, 2).Select(s => s.Id));
        Assert.Equal(["incident-3", "incident-2"], store.List(2, 2).Select(s => s.Id));
        Assert.Equal(["load-testing", "config-review"], store.List(0, 1)[0].Gaps);
    }

    [Fact]
    public void A_lock_whose_owner_file_is_gone_as_its_owner_releases_it_is_still_refused_as_in_use()
    {
        using var held = DataDirectoryLock.Acquire(_data.Path, "tests");
        // What the owner's release does first, just before our open fails: the file we would name the owner from is gone.
        File.Delete(_data.Combine("postmortems.lock.owner"));

        var error = Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(_data.Path, "second"));

        Assert.Contains("another process", error.Message);
    }

    [Fact]
    public void A_second_store_on_the_same_directory_is_refused_with_the_owner_named()
    {
        using var store = Open();

        var error = Assert.Throws<DataDirectoryInUseException>(() => new IncidentStore(_data.Path, "second"));

        Assert.Contains(_data.Path, error.Message);
        Assert.Contains($"process {Environment.ProcessId}", error.Message);
        Assert.Contains("tests", error.Message);
    }

    [Fact]
    public void The_directory_can_be_opened_again_once_the_store_is_closed()
    {
        using (var store = Open()) store.Save(Sample(), "alice");

        using var again = Open();

        Assert.Equal(1, again.Count());
    }

    [Fact]
    public void An_empty_store_is_seeded_from_the_content_once()
    {
        var validator = new IncidentValidator(Samples.Taxonomy.Value);
        using var store = Open();

        var report = ContentSeeder.SeedIfEmpty(store, validator, TestPaths.Content)!;
        var again = ContentSeeder.SeedIfEmpty(store, validator, TestPaths.Content);

        var seedCount = TestPaths.SeedIncidentFiles().Count();
        Assert.Equal(seedCount, report.Count(ImportOutcome.Created));
        Assert.False(report.HasFailures);
        Assert.Null(again);
        Assert.Equal(seedCount, store.Count());
        Assert.All(store.List(0, 5), s => Assert.Single(store.Revisions(s.Id)));
        Assert.Equal(ContentSeeder.SeedAuthor, store.Revisions(store.List(0, 1)[0].Id)[0].Author);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class IncidentStoreWriteTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private static IncidentDocument Incident(string id, string date, string gaps = "[load-testing]", string severity = "sev2", string services = "[checkout]") =>
        IncidentDocument.Parse($"---\nid: {id}\ntitle: {id}\ndate: {date}\nseverity: {severity}\nstatus: draft\ngaps: {gaps}\nservices: {services}\n---\n");

    [Fact]
    public void A_save_from_an_old_revision_is_refused_and_says_who_saved_in_between()
    {
        using var store = new IncidentStore(_data.Path, "tests");
        store.Save(Incident("a", "2025-01-01"), "alice", expectedRevision: 0);
        store.Save(Incident("a", "2025-01-02"), "bob", expectedRevision: 1);

        var conflict = Assert.Throws<ConcurrentEditException>(() => store.Save(Incident("a", "2025-01-03"), "carol", expectedRevision: 1));

        Assert.Contains("saved by bob", conflict.Message);
        Assert.Equal(2, conflict.Current!.Revision);
        Assert.Equal(2, store.Get("a")!.Revision);
        Assert.Throws<ConcurrentEditException>(() => store.Save(Incident("b", "2025-01-01"), "carol", expectedRevision: 3));
        Assert.Null(store.Get("b"));
    }

    [Fact]
    public void A_deleted_incident_is_gone_but_its_history_records_who_deleted_it()
    {
        using var store = new IncidentStore(_data.Path, "tests");
        store.Save(Incident("a", "2025-01-01"), "alice");
        var deleted = new List<string>();
        store.Deleted += deleted.Add;
        var generation = store.Generation;

        Assert.True(store.Delete("a", "admin"));
        Assert.False(store.Delete("a", "admin"));

        Assert.Null(store.Get("a"));
        Assert.Equal(["a"], deleted);
        Assert.Equal(generation + 1, store.Generation);
        var last = store.Revisions("a")[^1];
        Assert.Equal((2, "admin", true), (last.Number, last.Author, last.Deleted));

        store.Save(Incident("a", "2025-01-05"), "bob", expectedRevision: 0);
        Assert.Equal([1, 2, 3], store.Revisions("a").Select(r => r.Number));
    }

    [Fact]
    public void Queries_filter_on_every_field_and_count_all_matches()
    {
        using var store = new IncidentStore(_data.Path, "tests");
        store.Save(Incident("a", "2025-01-10", "[load-testing, config-review]", "sev1", "[checkout, payments]"), "alice");
        store.Save(Incident("b", "2025-02-10", "[config-review]", "sev2", "[checkout]"), "alice");
        store.Save(Incident("c", "2025-03-10", "[alerting]", "sev2", "[search]"), "alice");

        Assert.Equal(["b", "a"], store.Query(new IncidentFilter { Gap = "config-review" }, 0, 10).Page.Select(i => i.Id));
        Assert.Equal(["b", "a"], store.Query(new IncidentFilter { Service = "checkout" }, 0, 10).Page.Select(i => i.Id));
        Assert.Equal(["c", "b"], store.Query(new IncidentFilter { Severity = "sev2" }, 0, 10).Page.Select(i => i.Id));
        Assert.Equal(["b"], store.Query(new IncidentFilter { From = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero) }, 0, 10).Page.Select(i => i.Id));
        var (page, total) = store.Query(new IncidentFilter(), 1, 1);
        Assert.Equal(["b"], page.Select(i => i.Id));
        Assert.Equal(3, total);
        Assert.Equal(0, store.Query(new IncidentFilter { Gap = "config-review", Severity = "sev4" }, 0, 10).Total);
    }
}

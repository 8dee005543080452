using Microsoft.Extensions.Time.Testing;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Core.Tests;

public sealed class RevisionLogTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly IncidentStore _store;

    public RevisionLogTests() => _store = new IncidentStore(_data.Path, "revision log tests", _clock);

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    private void Save(string id, string author, string extra = "")
    {
        _clock.Advance(TimeSpan.FromMinutes(1));
        _store.Save(IncidentDocument.Parse($"---\nid: {id}\ntitle: {id}{extra}\nstatus: draft\n---\n"), author);
    }

    [Fact]
    public void Revisions_of_every_incident_come_newest_first_a_page_at_a_time_with_their_authors()
    {
        Save("a", "alice");
        Save("b", "bob");
        Save("a", "carol", " again");
        _clock.Advance(TimeSpan.FromMinutes(1));
        _store.Delete("b", "dave");
        var log = new RevisionLog(_store);

        var (first, total) = log.Recent(0, 2);
        var (second, _) = log.Recent(2, 2);
        var (bobs, bobTotal) = log.Recent(0, 10, author: "bob");

        Assert.Equal(4, total);
        Assert.Equal([("b", 2, "dave", true), ("a", 2, "carol", false)], first.Select(r => (r.IncidentId, r.Number, r.Author, r.Deleted)));
        Assert.Equal([("b", 1, "bob"), ("a", 1, "alice")], second.Select(r => (r.IncidentId, r.Number, r.Author)));
        Assert.Equal(_clock.GetUtcNow(), first[0].At);
        Assert.Equal((1, "b"), (bobTotal, bobs.Single().IncidentId));
    }
}

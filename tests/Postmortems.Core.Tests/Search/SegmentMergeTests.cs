using Postmortems.Core.Search;

namespace Postmortems.Core.Tests.Search;

/// <summary>A bulk load (a rebuild, a large import) leaves the index in one segment, which searches read fastest.</summary>
public sealed class SegmentMergeTests : IDisposable
{
    private readonly SearchIndex _index = SearchIndex.InMemory();

    public void Dispose() => _index.Dispose();

    private static SearchDocument Doc(int i) => new() { Id = $"incident-{i:0000}", Title = $"replica lag {i}", Summary = "the replica fell behind the primary" };

    [Fact]
    public void A_rebuild_leaves_one_segment()
    {
        for (var i = 0; i < 15; i++) _index.Update(Doc(i), generation: i + 1);
        Assert.True(_index.SegmentCount > 1, "saves committed one by one should leave several segments");

        _index.Replace(Enumerable.Range(0, 40).Select(Doc), generation: 100);

        Assert.Equal(1, _index.SegmentCount);
        Assert.Equal(40, _index.Count);
    }

    [Fact]
    public void A_batch_of_many_incidents_ends_in_one_segment_and_a_few_saves_do_not_force_it()
    {
        for (var i = 0; i < 15; i++) _index.Update(Doc(i), generation: i + 1);
        var before = _index.SegmentCount;
        Assert.True(before > 1, "saves committed one by one should leave several segments");

        using (_index.Batch())
        {
            for (var i = 0; i < 3; i++) _index.UpdateInBatch(Doc(100 + i), generation: 20);
        }
        Assert.True(_index.SegmentCount > 1, "a batch of three incidents should not rewrite the index");

        using (_index.Batch())
        {
            Parallel.For(1000, 1600, i => _index.UpdateInBatch(Doc(i), generation: 30));
        }
        Assert.Equal(1, _index.SegmentCount);
        Assert.Equal(15 + 3 + 600, _index.Count);
        Assert.Equal(600 + 18, _index.Search(new SearchRequest("replica", 0)).Total);
    }
}

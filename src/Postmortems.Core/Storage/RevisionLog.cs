using LiteDB;

namespace Postmortems.Core.Storage;

/// <summary>One line of "who changed what": a revision without its Markdown.</summary>
public sealed record RevisionEntry(string IncidentId, int Number, string Author, DateTimeOffset At, bool Deleted);

/// <summary>
/// Every incident's revisions together, newest first, a page at a time, from the revisions' index on their time:
/// what an admin reads to see who changed what, without loading any incident's Markdown.
/// </summary>
public sealed class RevisionLog
{
    // Asked of the store each time: a store found damaged goes on from a salvaged copy of its database.
    private readonly IncidentStore _store;
    private ILiteCollection<Revision> _revisions => _store.Database.GetCollection<Revision>("revisions");

    public RevisionLog(IncidentStore store)
    {
        _store = store;
        _revisions.EnsureIndex(x => x.At);
        _revisions.EnsureIndex(x => x.Author);
    }

    /// <param name="author">Only this author's revisions, when given.</param>
    public (IReadOnlyList<RevisionEntry> Page, int Total) Recent(int skip, int take, string? author = null)
    {
        var query = _revisions.Query();
        if (author is not null) query = query.Where(x => x.Author == author);
        var total = query.Count();
        var page = query
            .OrderByDescending(x => x.At)
            .Select(x => new { x.IncidentId, x.Number, x.Author, x.At, x.Deleted })
            .Skip(skip)
            .Limit(take)
            .ToList()
            .Select(x => new RevisionEntry(x.IncidentId, x.Number, x.Author, x.At, x.Deleted))
            .ToList();
        return (page, total);
    }
}

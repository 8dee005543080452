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
    private readonly IncidentStore _store;

    public RevisionLog(IncidentStore store)
    {
        _store = store;
        Revisions.EnsureIndex(x => x.At);
        Revisions.EnsureIndex(x => x.Author);
    }

    // Asked of the store at each use: it opens its file again after a write that a full disk broke.
    private ILiteCollection<Revision> Revisions => _store.Database.GetCollection<Revision>("revisions");

    /// <param name="author">Only this author's revisions, when given.</param>
    public (IReadOnlyList<RevisionEntry> Page, int Total) Recent(int skip, int take, string? author = null)
    {
        var query = Revisions.Query();
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

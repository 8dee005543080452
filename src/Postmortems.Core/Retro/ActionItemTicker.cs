using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.Core.Retro;

public enum TickOutcome
{
    /// <summary>The task line was rewritten and saved as a new revision.</summary>
    Saved,

    /// <summary>The item was already in the state asked for: nothing was saved.</summary>
    Unchanged,

    /// <summary>Someone changed (or deleted) the incident after the item was read: nothing was saved.</summary>
    Conflict,

    /// <summary>There is no such incident.</summary>
    NotFound,

    /// <summary>The line is not an action item of the incident.</summary>
    NotAnItem,
}

/// <param name="Revision">The incident's revision after the tick (the current one on a conflict; 0 when not found).</param>
/// <param name="Message">What happened, in a sentence a person can act on.</param>
public sealed record TickResult(TickOutcome Outcome, int Revision, string Message, StoredIncident? Current = null);

/// <summary>
/// Ticks an action item done (or open again) by rewriting only its task line in the incident's Markdown, saved as a
/// new revision over the revision the item was read at, so a change made meanwhile by someone else is never overwritten.
/// </summary>
public static class ActionItemTicker
{
    /// <param name="expectedRevision">The revision the caller read the item at; null to tick whatever the current revision says.</param>
    public static TickResult SetDone(IncidentStore store, string incidentId, int line, bool done, string author, int? expectedRevision)
    {
        var stored = store.Get(incidentId);
        if (stored is null)
        {
            return expectedRevision is null
                ? new TickResult(TickOutcome.NotFound, 0, $"There is no incident with id '{incidentId}'.")
                : new TickResult(TickOutcome.Conflict, 0, $"Incident '{incidentId}' was deleted after this list was read. Nothing was saved.");
        }
        if (expectedRevision is { } expected && stored.Revision != expected) return Conflict(stored, expected);

        var item = stored.ActionItems.FirstOrDefault(a => a.Line == line);
        if (item is null)
        {
            return new TickResult(TickOutcome.NotAnItem, stored.Revision,
                $"Line {line} of incident '{incidentId}' is not an action item (revision {stored.Revision}).", stored);
        }
        if (item.Done == done)
            return new TickResult(TickOutcome.Unchanged, stored.Revision, $"\"{item.Text}\" is already {(done ? "done" : "open")}.", stored);

        var text = IncidentEdits.SetActionItemDone(stored.Markdown, line, done);
        try
        {
            var result = store.Save(IncidentDocument.Parse(text, $"{incidentId}.md"), author, expectedRevision: stored.Revision);
            return new TickResult(TickOutcome.Saved, result.Revision,
                $"\"{item.Text}\" is {(done ? "done" : "open again")} (revision {result.Revision} of {incidentId}).", store.Get(incidentId));
        }
        catch (ConcurrentEditException conflict)
        {
            return conflict.Current is { } current
                ? Conflict(current, stored.Revision)
                : new TickResult(TickOutcome.Conflict, 0, $"Incident '{incidentId}' was deleted meanwhile. Nothing was saved.");
        }
    }

    private static TickResult Conflict(StoredIncident current, int expected) =>
        new(TickOutcome.Conflict, current.Revision,
            $"{current.UpdatedBy} changed incident '{current.Id}' at {current.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC (revision {current.Revision}) " +
            $"after revision {expected}, which this list showed. Nothing was saved: check the item as it is now and tick it again if it still needs it.",
            current);
}

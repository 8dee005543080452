using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Components.Pages.Write;

/// <summary>Where the editor's saves go: the store, or in a test, something that can be slow, fail or conflict.</summary>
public interface IIncidentSaver
{
    /// <param name="expectedRevision">The revision the author started from, 0 for a new incident.</param>
    /// <exception cref="ConcurrentEditException">Someone saved or deleted the incident since that revision.</exception>
    Task<SaveResult> SaveAsync(IncidentDocument document, string author, int expectedRevision);
}

public sealed class StoreIncidentSaver(IncidentStore store) : IIncidentSaver
{
    // The store is synchronous; saving off the circuit's thread lets the page show that it is saving meanwhile.
    public Task<SaveResult> SaveAsync(IncidentDocument document, string author, int expectedRevision) =>
        Task.Run(() => store.Save(document, author, expectedRevision: expectedRevision));
}

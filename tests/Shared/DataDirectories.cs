using Postmortems.Core.Storage;

namespace Postmortems.Tests;

public static class DataDirectories
{
    /// <summary>
    /// Waits until no app holds the data directory: a disposed host closes its store in the background after it
    /// stops (the index's last commit is written then), so the store may still be closing when Dispose returns.
    /// </summary>
    /// <exception cref="TimeoutException">An app still holds it after 30 s.</exception>
    public static void WaitUntilReleased(string dataDirectory)
    {
        var free = SpinWait.SpinUntil(() =>
        {
            try
            {
                DataDirectoryLock.Acquire(dataDirectory, "tests").Dispose();
                return true;
            }
            catch (DataDirectoryInUseException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30));
        if (!free) throw new TimeoutException($"An app still holds {dataDirectory} after 30 s");
    }
}

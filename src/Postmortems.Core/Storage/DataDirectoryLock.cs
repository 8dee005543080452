using System.Diagnostics;
using System.Globalization;

namespace Postmortems.Core.Storage;

public sealed class DataDirectoryInUseException(string message) : IOException(message);

/// <summary>
/// Keeps every other process (and any second store in this one) out of a data directory while held:
/// LiteDB's direct mode corrupts a file that two processes write.
/// The OS releases the lock when the process dies, so a killed process never leaves the directory locked.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    private const string LockFileName = "postmortems.lock";
    private const string OwnerFileName = "postmortems.lock.owner";

    private readonly FileStream _lock;
    private readonly string _ownerFile;

    private DataDirectoryLock(FileStream @lock, string ownerFile)
    {
        _lock = @lock;
        _ownerFile = ownerFile;
    }

    public static DataDirectoryLock Acquire(string dataDirectory, string purpose)
    {
        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);
        var ownerFile = Path.Combine(directory, OwnerFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DataDirectoryInUseException(
                $"The data directory {directory} is in use by {OwnerOf(ownerFile)}. Only one process may use a data directory at a time: " +
                "stop that process, or point this one at another directory with --data or Postmortems__DataDirectory.");
        }

        using var self = Process.GetCurrentProcess();
        File.WriteAllText(ownerFile, string.Create(CultureInfo.InvariantCulture,
            $"process {Environment.ProcessId} ({self.ProcessName}: {purpose}) since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z\n"));
        return new DataDirectoryLock(stream, ownerFile);
    }

    /// <summary>
    /// Who holds the lock, as its owner wrote it. The owner may be releasing it at this very moment and delete the
    /// file between our failed open and this read: the answer is then still "in use", never a missing-file error.
    /// </summary>
    private static string OwnerOf(string ownerFile)
    {
        try
        {
            return File.ReadAllText(ownerFile).Trim() is { Length: > 0 } owner ? owner : "another process";
        }
        catch (IOException)
        {
            return "another process";
        }
    }

    public void Dispose()
    {
        File.Delete(_ownerFile);
        _lock.Dispose();
    }
}

namespace Postmortems.Core.Storage;

/// <summary>
/// A write found no room on the disk that holds the data directory. Nothing of it was kept: its transaction was
/// rolled back (or will be, by the next write, once there is room again).
/// </summary>
public sealed class DiskFullException(string dataDirectory, Exception cause)
    : IOException(
        $"Nothing was saved: the disk holding the data directory ({dataDirectory}) is full. " +
        "Free some space on it; the store takes writes again as soon as there is room, without a restart.", cause)
{
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>ENOSPC on Linux and macOS, ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static readonly int[] NoSpaceCodes = [28, unchecked((int)0x80070070), unchecked((int)0x80070027), 0x70, 0x27];

    /// <summary>True when this exception, or one it wraps, says the disk is full.</summary>
    public static bool IsDiskFull(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is DiskFullException) return true;
            if (e is IOException io && (NoSpaceCodes.Contains(io.HResult)
                || io.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
                || io.Message.Contains("not enough space on the disk", StringComparison.OrdinalIgnoreCase)))
                return true;
        }
        return false;
    }
}

using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Postmortems.Core.Storage;

/// <summary>Reads and writes incident files byte for byte: a byte order mark is kept as a character, invalid UTF-8 is refused.</summary>
public static class IncidentFiles
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The largest incident file read, in bytes: the same limit as an API request body.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <exception cref="InvalidDataException">The file is not UTF-8 text, or larger than <see cref="MaxBytes"/>.</exception>
    public static string Read(string path) => Decode(ReadBytes(path), path);

    /// <summary>The file's bytes; a file over <see cref="MaxBytes"/> is refused before it is read.</summary>
    /// <exception cref="InvalidDataException">The file is larger than <see cref="MaxBytes"/>.</exception>
    public static byte[] ReadBytes(string path) => ReadBytes(path, MaxBytes);

    /// <summary>The file's bytes; a file over <paramref name="maxBytes"/> is refused before it is read.</summary>
    /// <exception cref="InvalidDataException">The file is larger than <paramref name="maxBytes"/>.</exception>
    public static byte[] ReadBytes(string path, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > maxBytes)
        {
            throw new InvalidDataException(
                $"{path}: the file is {stream.Length / (1024.0 * 1024):0.#} MB; {(maxBytes == MaxBytes ? "an incident file" : "a document to convert")} must fit in {maxBytes / 1024 / 1024} MB. Move long logs or data out of it.");
        }
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <exception cref="InvalidDataException">The bytes are not UTF-8 text, or contain a NUL byte (with its line and byte offset).</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string path)
    {
        if (Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            throw new InvalidDataException(
                $"{path}:{LineAt(bytes, read)}: byte {read} (0x{bytes[read]:X2}) is not valid UTF-8. Save the file as UTF-8 and try again.");
        }
        if (bytes.IndexOf((byte)0) is var nul and >= 0)
            throw new InvalidDataException($"{path}:{LineAt(bytes, nul)}: byte {nul} is a NUL; it is not a text file. Remove the NUL bytes.");
        return StrictUtf8.GetString(bytes);
    }

    private static int LineAt(ReadOnlySpan<byte> bytes, int offset) => bytes[..offset].Count((byte)'\n') + 1;

    public static void Write(string path, string text) => File.WriteAllText(path, text, StrictUtf8);

    /// <summary>
    /// Where a file under <paramref name="folder"/> really is when it, or a folder between them, is a link that leads
    /// outside <paramref name="folder"/>; null when it stays inside.
    /// </summary>
    public static string? LinkOutside(string folder, string file)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var path = Path.GetFullPath(file);
        for (var current = path; current.Length > root.Length && IsInside(root, current); current = Path.GetDirectoryName(current)!)
        {
            FileSystemInfo entry = current == path ? new FileInfo(current) : new DirectoryInfo(current);
            if (entry.LinkTarget is null) continue;
            var target = entry.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(entry.LinkTarget, Path.GetDirectoryName(current)!);
            if (!IsInside(root, target)) return target;
        }
        return IsInside(root, path) ? null : path;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or under it (both full paths).</summary>
    public static bool IsInside(string folder, string path)
    {
        var root = Path.TrimEndingDirectorySeparator(folder);
        return path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}

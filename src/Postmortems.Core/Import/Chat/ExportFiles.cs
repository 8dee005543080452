using System.IO.Compression;

namespace Postmortems.Core.Import.Chat;

/// <summary>
/// The files of an export, read the same way from a folder or a zip. A zip made by compressing the export's folder
/// has every path under one top folder; <paramref name="root"/> is that prefix, found from where a marker file is.
/// </summary>
public sealed class ExportFiles : IDisposable
{
    private readonly ZipArchive? _zip;
    private readonly string _folder;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);

    private ExportFiles(string folder, ZipArchive? zip)
    {
        _folder = folder;
        _zip = zip;
        if (zip is null) return;
        foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
            _entries[entry.FullName.Replace('\\', '/')] = entry;
    }

    /// <summary>Where the export was read from, as given.</summary>
    public string Source { get; private init; } = "";

    /// <exception cref="FileNotFoundException">No such file or folder.</exception>
    /// <exception cref="InvalidDataException">A file that is not a zip.</exception>
    public static ExportFiles Open(string path)
    {
        if (Directory.Exists(path)) return new ExportFiles(Path.GetFullPath(path), null) { Source = path };
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file or folder");
        return Open(File.OpenRead(path), path);
    }

    /// <summary>A zip from a stream (an upload); the stream is disposed with this.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a zip.</exception>
    public static ExportFiles Open(Stream zip, string name)
    {
        try
        {
            return new ExportFiles("", new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: false)) { Source = name };
        }
        catch (InvalidDataException e)
        {
            zip.Dispose();
            throw new InvalidDataException($"{name}: not a zip file ({e.Message}). Give the export's folder, or the zip the export downloaded as.", e);
        }
    }

    /// <summary>Every file's path, relative to the export, with '/' between folders.</summary>
    public IReadOnlyList<string> Paths() =>
        _zip is null
            ? [.. Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal)]
            : [.. _entries.Keys.Order(StringComparer.Ordinal)];

    public bool Exists(string path) => _zip is null ? File.Exists(Path.Combine(_folder, path)) : _entries.ContainsKey(path);

    public Stream OpenRead(string path) =>
        _zip is null ? File.OpenRead(Path.Combine(_folder, path))
        : _entries.TryGetValue(path, out var entry) ? entry.Open()
        : throw new FileNotFoundException($"{Source}: no {path} in the export");

    public byte[] ReadAllBytes(string path)
    {
        using var stream = OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The folder inside the export that holds <paramref name="marker"/> ("" at the top), or null when no folder does.</summary>
    public string? RootOf(string marker)
    {
        if (Exists(marker)) return "";
        var found = Paths().Where(p => p.EndsWith("/" + marker, StringComparison.Ordinal)).OrderBy(p => p.Count(c => c == '/')).FirstOrDefault();
        return found?[..^marker.Length];
    }

    public void Dispose() => _zip?.Dispose();
}

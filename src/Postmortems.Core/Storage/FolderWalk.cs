using System.IO.Enumeration;

namespace Postmortems.Core.Storage;

/// <summary>A file found under a folder, or a link that was not followed and why (<see cref="SkipReason"/>).</summary>
public sealed record FolderEntry(string Path, string? SkipReason = null);

/// <summary>
/// The files under a folder, following links to folders at most once each: a folder is known by its real path (every
/// link on the way resolved), so a link back to a folder above, or two links to one folder, cannot make the walk
/// endless. A link that leads back to itself, and a link to a folder already read, are listed with the reason.
/// </summary>
public static class FolderWalk
{
    /// <summary>How many links one path may pass through, as on Linux: more is a loop.</summary>
    private const int MaxLinks = 40;

    public const string LinkLoop = "a link that leads back to itself (a link loop): not read";

    /// <param name="path">A folder, or one file (returned as it is).</param>
    /// <param name="pattern">The file names to list, as in <see cref="Directory.EnumerateFiles(string, string)"/>.</param>
    /// <param name="skipHidden">Leave out files and folders whose name starts with a dot.</param>
    public static IReadOnlyList<FolderEntry> Entries(string path, string pattern = "*", bool skipHidden = false)
    {
        if (IsLink(path) && RealPathOrNull(path) is null) return [new FolderEntry(path, LinkLoop)];
        if (File.Exists(path)) return [new FolderEntry(path)];
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"{path}: no such file or folder");

        var entries = new List<FolderEntry>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        // Folders reached without a link are read before any reached through one: a link, not the folder itself,
        // is what gets reported when both lead to the same place.
        var folders = new Stack<(string Path, string Real)>();
        var linkedFolders = new Stack<(string Path, string Real)>();
        folders.Push((path, RealPath(path)));
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 };
        while (folders.TryPop(out var folder) || linkedFolders.TryPop(out folder))
        {
            if (!visited.Add(folder.Real))
            {
                entries.Add(new FolderEntry(folder.Path, $"a link to {folder.Real}, a folder already read (a link loop or a second link to it): not followed again"));
                continue;
            }
            foreach (var entry in new DirectoryInfo(folder.Path).EnumerateFileSystemInfos("*", options))
            {
                if (skipHidden && entry.Name.StartsWith('.')) continue;
                var entryPath = System.IO.Path.Combine(folder.Path, entry.Name);
                if (entry.LinkTarget is null)
                {
                    if (entry is DirectoryInfo) folders.Push((entryPath, System.IO.Path.Combine(folder.Real, entry.Name)));
                    else if (Matches(entry.Name, pattern)) entries.Add(new FolderEntry(entryPath));
                }
                else if (RealPathOrNull(entryPath) is not { } real)
                {
                    entries.Add(new FolderEntry(entryPath, LinkLoop));
                }
                else if (Directory.Exists(real))
                {
                    linkedFolders.Push((entryPath, real));
                }
                else if (Matches(entry.Name, pattern))
                {
                    entries.Add(new FolderEntry(entryPath));
                }
            }
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    private static bool Matches(string name, string pattern) => FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false);

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static string? RealPathOrNull(string path)
    {
        try
        {
            return RealPath(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The path with every link along it resolved, component by component (as realpath(3) does), so that one folder
    /// has one name however it was reached.
    /// </summary>
    /// <exception cref="IOException">The path passes through more than <see cref="MaxLinks"/> links: a loop.</exception>
    public static string RealPath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var current = System.IO.Path.GetPathRoot(full)!;
        var remaining = new Stack<string>(Components(full[current.Length..]).Reverse());
        var links = 0;
        while (remaining.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                current = System.IO.Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = System.IO.Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"{path}: more than {MaxLinks} links in a row, a link loop");
            if (System.IO.Path.IsPathRooted(target))
            {
                current = System.IO.Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }
            foreach (var targetPart in Components(target).Reverse()) remaining.Push(targetPart);
        }
        return current;
    }

    private static string[] Components(string path) =>
        path.Split([System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}

using System.Text;

namespace Postmortems.Tests;

/// <summary>Damage done to real files on disk, at a place a test chooses: what a bad disk or a stray write does.</summary>
public static class DamagedFiles
{
    /// <summary>LiteDB's page size: damage at a page's start breaks its header, as in "Page type must be data page".</summary>
    public const int PageSize = 8192;

    /// <summary>Where a text first occurs in a file, as UTF-8 bytes.</summary>
    public static long OffsetOf(string file, string text)
    {
        var offset = File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(text));
        return offset >= 0 ? offset : throw new InvalidOperationException($"'{text}' is not in {file}");
    }

    /// <summary>Flips <paramref name="count"/> bytes (every bit) from <paramref name="offset"/> on.</summary>
    public static void Flip(string file, long offset, int count = 256)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        var bytes = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        for (var i = 0; i < bytes.Length; i++) bytes[i] ^= 0xFF;
        stream.Position = offset;
        stream.Write(bytes);
    }

    /// <summary>
    /// Flips 256 bytes at the start of every database page that holds <paramref name="text"/> (an incident's text is
    /// kept in the incident and in its revision), so that no copy of it can be read.
    /// </summary>
    public static void FlipPagesHolding(string file, string text)
    {
        var bytes = File.ReadAllBytes(file);
        var needle = Encoding.UTF8.GetBytes(text);
        var pages = new SortedSet<long>();
        for (var at = bytes.AsSpan().IndexOf(needle); at >= 0; at = NextIndex(bytes, needle, at + 1)) pages.Add(at / PageSize * PageSize);
        if (pages.Count == 0) throw new InvalidOperationException($"'{text}' is not in {file}");
        foreach (var page in pages) Flip(file, page);
    }

    private static int NextIndex(byte[] bytes, byte[] needle, int from) =>
        bytes.AsSpan(from).IndexOf(needle) is var found and >= 0 ? from + found : -1;

    /// <summary>Overwrites a text in place with another of the same length: the file stays well formed, its content changes.</summary>
    public static void Overwrite(string file, string text, string replacement)
    {
        var bytes = Encoding.UTF8.GetBytes(replacement);
        if (bytes.Length != Encoding.UTF8.GetByteCount(text)) throw new ArgumentException("the replacement must have the same length", nameof(replacement));
        var offset = OffsetOf(file, text);
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        stream.Write(bytes);
    }
}

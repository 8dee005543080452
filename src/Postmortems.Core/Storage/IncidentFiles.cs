using System.Text;

namespace Postmortems.Core.Storage;

/// <summary>Reads and writes incident files byte for byte: a byte order mark is kept as a character, invalid UTF-8 is refused.</summary>
public static class IncidentFiles
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="InvalidDataException">The file is not UTF-8 text.</exception>
    public static string Read(string path) => Decode(File.ReadAllBytes(path), path);

    /// <exception cref="InvalidDataException">The bytes are not UTF-8 text.</exception>
    public static string Decode(byte[] bytes, string path)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            if (text.Contains('\0')) throw new InvalidDataException($"{path}: the file contains NUL bytes; it is not a text file");
            return text;
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: the file is not valid UTF-8 (byte {e.Index} of the text). Save it as UTF-8 and try again.");
        }
    }

    public static void Write(string path, string text) => File.WriteAllText(path, text, StrictUtf8);

    /// <summary>The Markdown files under a folder (or the one file given), in a stable order.</summary>
    public static IReadOnlyList<string> Enumerate(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"{path}: no such file or folder");
        return Directory.EnumerateFiles(path, "*.md", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}

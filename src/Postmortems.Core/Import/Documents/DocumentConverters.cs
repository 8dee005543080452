using Postmortems.Core.Storage;

namespace Postmortems.Core.Import.Documents;

/// <summary>The documents the importer converts to Markdown before reading them, by file extension.</summary>
public static class DocumentConverters
{
    /// <summary>The largest document converted: Word files carry their images, which are not converted.</summary>
    public const long MaxBytes = 32 * 1024 * 1024;

    /// <summary>What is converted one file to one incident (a Confluence export's zip is read page by page instead).</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string> { ".docx", ".html", ".htm" };

    /// <returns>The converted document, or null with <paramref name="skipReason"/> when the file is not a postmortem.</returns>
    /// <exception cref="InvalidDataException">The file is not the document its extension says.</exception>
    public static ConvertedDocument? Convert(byte[] bytes, string path, out string? skipReason)
    {
        skipReason = null;
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".docx" => DocxConverter.Convert(bytes, path),
            ".html" or ".htm" => ConfluenceConverter.ConvertPage(IncidentFiles.Decode(bytes, path), path, out skipReason),
            var other => throw new InvalidDataException($"{path}: '{other}' files are not converted."),
        };
    }
}

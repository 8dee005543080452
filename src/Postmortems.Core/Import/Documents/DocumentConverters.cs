namespace Postmortems.Core.Import.Documents;

/// <summary>The documents the importer converts to Markdown before reading them, by file extension.</summary>
public static class DocumentConverters
{
    /// <summary>The largest document converted: Word files carry their images, which are not converted.</summary>
    public const long MaxBytes = 32 * 1024 * 1024;

    /// <exception cref="InvalidDataException">The file is not the document its extension says.</exception>
    public static ConvertedDocument Convert(byte[] bytes, string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".docx" => DocxConverter.Convert(bytes, path),
            var other => throw new InvalidDataException($"{path}: '{other}' files are not converted."),
        };
}

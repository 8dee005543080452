namespace Postmortems.Core;

/// <summary>Where the store and the seed content are when nothing else is configured.</summary>
public static class PostmortemsPaths
{
    public const string DataDirectoryKey = "Postmortems:DataDirectory";
    public const string ContentDirectoryKey = "Postmortems:ContentDirectory";
    public const string DataDirectoryVariable = "Postmortems__DataDirectory";
    public const string ContentDirectoryVariable = "Postmortems__ContentDirectory";

    /// <summary>Outside the source tree: ~/.local/share/postmortems on Linux.</summary>
    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "postmortems");

    /// <summary>The copy of the repository's content/ that the build puts beside the binaries.</summary>
    public static string DefaultContentDirectory => Path.Combine(AppContext.BaseDirectory, "content");
}

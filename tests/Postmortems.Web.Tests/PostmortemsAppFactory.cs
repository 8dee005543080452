using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Postmortems.Core;

namespace Postmortems.Web.Tests;

/// <summary>
/// The whole app in memory, on a fresh, empty data directory (seeded at start from the repository's content/),
/// deleted again on dispose.
/// </summary>
public sealed class PostmortemsAppFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsDataDirectory;

    public PostmortemsAppFactory() : this(null) { }

    /// <summary>A second app on this one's data directory, which it leaves in place on dispose.</summary>
    public PostmortemsAppFactory OnTheSameDataDirectory() => new(DataDirectory);

    private PostmortemsAppFactory(string? dataDirectory)
    {
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("postmortems-web-tests-").FullName;
    }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting(PostmortemsPaths.DataDirectoryKey, DataDirectory);
        builder.UseSetting(PostmortemsPaths.ContentDirectoryKey, RepositoryContent.Directory);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // stops the host, whose container closes the store and releases the directory's lock
        if (disposing && _ownsDataDirectory && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}

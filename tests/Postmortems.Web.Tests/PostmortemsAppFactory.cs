using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Web.Tests;

/// <summary>
/// The whole app in memory, on a fresh, empty data directory (seeded at start from the repository's content/),
/// deleted again on dispose. Requests come from loopback (so anonymous reading works, as on a developer's machine)
/// unless <see cref="ClientAddress"/> says otherwise; <see cref="CreateClientAs"/> signs a client in with a role.
/// </summary>
public sealed class PostmortemsAppFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsDataDirectory;

    public PostmortemsAppFactory() : this(null) { }

    /// <summary>A second app on this one's data directory, which it leaves in place on dispose.</summary>
    public PostmortemsAppFactory OnTheSameDataDirectory() => new(DataDirectory);

    /// <summary>An app on a data directory the test owns (left in place on dispose), e.g. to start it again and again.</summary>
    public static PostmortemsAppFactory OnDataDirectory(string dataDirectory) => new(dataDirectory);

    private PostmortemsAppFactory(string? dataDirectory)
    {
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("postmortems-web-tests-").FullName;
        Users = new TestUsers(() => Services);
    }

    public string DataDirectory { get; }

    /// <summary>The address every request comes from (a test can send <see cref="TestUsers.ClientAddressHeader"/> to be another client).</summary>
    public IPAddress ClientAddress { get; init; } = IPAddress.Loopback;

    public TestUsers Users { get; }

    /// <summary>More configuration for the app, e.g. <c>Postmortems:Auth:AnonymousRead</c>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>A client that sends the API token of a user with this role ("reader", "author" or "admin"), made once per factory.</summary>
    public HttpClient CreateClientAs(string role) => Users.Authorize(CreateClient(), role);

    public HttpClient CreateClientAs(string role, WebApplicationFactoryClientOptions options) => Users.Authorize(CreateClient(options), role);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting(PostmortemsPaths.DataDirectoryKey, DataDirectory);
        builder.UseSetting(PostmortemsPaths.ContentDirectoryKey, RepositoryContent.Directory);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new TestClientAddress(ClientAddress)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // stops the host, whose container closes the store and releases the directory's lock
        if (!disposing || !_ownsDataDirectory || !Directory.Exists(DataDirectory)) return;
        // The index's last commit is written while the host closes the store in the background: delete after it.
        DataDirectories.WaitUntilReleased(DataDirectory);
        Directory.Delete(DataDirectory, recursive: true);
    }
}

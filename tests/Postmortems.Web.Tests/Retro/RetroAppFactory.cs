using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Postmortems.Core;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Tests.Retro;

/// <summary>
/// The whole app on the retro fixture instead of the seed: a content folder with the repository's taxonomy and no
/// incidents, the fixture saved into the store once the app has started, and a clock stopped at <see cref="RetroFixture.Now"/>.
/// </summary>
public sealed class RetroAppFactory : WebApplicationFactory<Program>
{
    private readonly string _root = Directory.CreateTempSubdirectory("postmortems-retro-tests-").FullName;

    public RetroAppFactory()
    {
        var content = Path.Combine(_root, "content");
        Directory.CreateDirectory(Path.Combine(content, "gaps"));
        foreach (var gap in Directory.EnumerateFiles(Path.Combine(RepositoryContent.Directory, "gaps"), "*.md"))
            File.Copy(gap, Path.Combine(content, "gaps", Path.GetFileName(gap)));
        File.Copy(Path.Combine(RepositoryContent.Directory, "differences.yaml"), Path.Combine(content, "differences.yaml"));
        ContentDirectory = content;
        DataDirectory = Path.Combine(_root, "data");
        Users = new TestUsers(() => Services);
    }

    public TestUsers Users { get; }

    public FakeTimeProvider Time { get; } = new(RetroFixture.Now);

    public string ContentDirectory { get; }
    public string DataDirectory { get; }

    public IncidentStore Store => Services.GetRequiredService<IncidentStore>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting(PostmortemsPaths.DataDirectoryKey, DataDirectory);
        builder.UseSetting(PostmortemsPaths.ContentDirectoryKey, ContentDirectory);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IStartupFilter>(new TestClientAddress(IPAddress.Loopback));
        });
    }

    /// <summary>A client of the app signed in with a role's API token, with the fixture in its store.</summary>
    public HttpClient ClientAs(string role) => Users.Authorize(Client(), role);

    /// <summary>A client of the app, with the fixture in its store.</summary>
    public HttpClient Client()
    {
        var client = CreateClient();
        lock (_root)
        {
            if (Store.Count() == 0)
            {
                foreach (var text in RetroFixture.Incidents) Store.Save(IncidentDocument.Parse(text, "fixture.md"), "fixture");
            }
        }
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}

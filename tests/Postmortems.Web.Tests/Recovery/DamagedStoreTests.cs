using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Tests;
using Postmortems.Web.Tests.Write;
using static Postmortems.Web.Tests.Api.ApiClient;

namespace Postmortems.Web.Tests.Recovery;

/// <summary>
/// The app on a database file damaged on disk before it started: it starts, serves what can be read, answers a damaged
/// incident and every write with a 503 that names the fix, and never a 500.
/// </summary>
public sealed class DamagedStoreTests : IDisposable
{
    private readonly PostmortemsAppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private string DatabaseFile => Path.Combine(_factory.DataDirectory, IncidentStore.DatabaseFileName);

    /// <summary>
    /// The seed incidents, stored as the app would have seeded them, with the app not yet started; with their search
    /// index, the app reads no incident at start and meets the damage when a request does; without, its rebuild does.
    /// </summary>
    private void SeedBeforeTheAppStarts(bool withIndex = true)
    {
        using var store = new IncidentStore(_factory.DataDirectory, "tests");
        var taxonomy = GapTaxonomy.LoadOrThrow(RepositoryContent.Directory);
        ContentSeeder.SeedIfEmpty(store, new IncidentValidator(taxonomy), RepositoryContent.Directory);
        if (withIndex) new Postmortems.Core.Search.IncidentIndex(store, taxonomy).Dispose();
    }

    private static Incident Damaged => RepositoryContent.Incidents[5];

    private static Incident Sound => RepositoryContent.Incidents[20];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_damaged_page_makes_the_store_read_only_readable_incidents_serve_and_the_damaged_one_says_what_to_do(bool indexCurrent)
    {
        SeedBeforeTheAppStarts(withIndex: indexCurrent);
        DamagedFiles.FlipPagesHolding(DatabaseFile, $"title: {Damaged.Title}");
        using var client = _factory.CreateClientAs("author");

        using var first = await client.GetAsync($"/api/incidents/{Damaged.Id}");
        using var again = await client.GetAsync($"/api/incidents/{Damaged.Id}");
        using var sound = await client.GetAsync($"/api/incidents/{Sound.Id}");
        using var list = await client.GetAsync("/api/incidents?limit=100");
        using var write = await Put(client, "2026-05-01-written-to-a-damaged-store", Samples.Complete("2026-05-01-written-to-a-damaged-store"));

        Assert.Contains("postmortems verify", Detail(await Problem(first, HttpStatusCode.ServiceUnavailable)));
        var damaged = Detail(await Problem(again, HttpStatusCode.ServiceUnavailable));
        Assert.Contains($"The incident {Damaged.Id} cannot be read", damaged);
        Assert.Contains("export DIR --salvage", damaged);
        Assert.Equal(Sound.Title, (await Json(sound, HttpStatusCode.OK))["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var refused = Detail(await Problem(write, HttpStatusCode.ServiceUnavailable));
        Assert.Contains("Writes are refused until it is repaired", refused);
        Assert.Contains("postmortems restore FILE", refused);
        var store = _factory.Services.GetRequiredService<IncidentStore>();
        Assert.Contains(store.Damage!.Unreadable, d => d.Id == Damaged.Id);
        Assert.Equal(Sound.Title, store.Get(Sound.Id!)!.Title);
    }

    [Fact]
    public async Task A_store_whose_header_is_destroyed_starts_read_only_instead_of_crashing()
    {
        SeedBeforeTheAppStarts();
        DamagedFiles.Flip(DatabaseFile, 0, 4096);
        using var client = _factory.CreateClientAs("author");

        using var home = await client.GetAsync("/");
        using var write = await Put(client, "2026-05-02-written-to-a-damaged-store", Samples.Complete("2026-05-02-written-to-a-damaged-store"));

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var refused = Detail(await Problem(write, HttpStatusCode.ServiceUnavailable));
        Assert.Contains($"The store's database in {_factory.DataDirectory} is damaged", refused);
        Assert.Contains("postmortems verify", refused);
    }
}

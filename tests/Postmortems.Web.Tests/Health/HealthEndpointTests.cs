using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Tests;
using Postmortems.Web.Health;

namespace Postmortems.Web.Tests.Health;

/// <summary>/health/live and /health/ready as a load balancer sees them: anonymous, from another machine, JSON that says why.</summary>
public sealed class HealthEndpointTests
{
    /// <summary>A load balancer's address: not loopback, so nothing anonymous is allowed by the loopback rule.</summary>
    private static readonly IPAddress Balancer = IPAddress.Parse("203.0.113.7");

    private static void SeedBeforeTheAppStarts(string dataDirectory)
    {
        using var store = new IncidentStore(dataDirectory, "tests");
        var taxonomy = GapTaxonomy.LoadOrThrow(RepositoryContent.Directory);
        ContentSeeder.SeedIfEmpty(store, new IncidentValidator(taxonomy), RepositoryContent.Directory);
        new IncidentIndex(store, taxonomy).Dispose();
    }

    [Fact]
    public async Task Live_and_ready_answer_200_to_an_anonymous_client_from_another_machine_on_a_healthy_store()
    {
        using var factory = new PostmortemsAppFactory { ClientAddress = Balancer };
        using var client = factory.CreateClient();

        using (var page = await client.GetAsync("/api/incidents?limit=1"))
            Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode); // the rest of the app is not anonymous from there
        var live = await HealthAnswer.Get(client, "/health/live");
        var ready = await HealthAnswer.Get(client);

        Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.Code, live.Status));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (ready.Code, ready.Status));
        Assert.Equal(["index", "store"], ready.Checks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Healthy", ready.Checks["store"].Status);
        Assert.Contains("takes writes", ready.Checks["store"].Description);
        Assert.Equal("Healthy", ready.Checks["index"].Status);
        var store = factory.Services.GetRequiredService<IncidentStore>();
        Assert.Contains($"holds {store.Count()} incidents", ready.Checks["index"].Description);
    }

    [Fact]
    public async Task Ready_is_503_on_a_store_that_started_read_only_over_a_damaged_file_and_live_stays_200()
    {
        using var factory = new PostmortemsAppFactory { ClientAddress = Balancer };
        SeedBeforeTheAppStarts(factory.DataDirectory);
        DamagedFiles.Flip(Path.Combine(factory.DataDirectory, IncidentStore.DatabaseFileName), 0, 4096);
        using var client = factory.CreateClient();

        var ready = await HealthAnswer.Get(client);
        var live = await HealthAnswer.Get(client, "/health/live");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (ready.Code, ready.Status));
        Assert.Equal("Unhealthy", ready.Checks["store"].Status);
        Assert.Contains("The store is read-only", ready.Checks["store"].Description);
        Assert.Contains("postmortems verify", ready.Checks["store"].Description);
        Assert.Equal(HttpStatusCode.OK, live.Code);
    }

    [Fact]
    public async Task Ready_turns_503_once_a_request_meets_a_damaged_page()
    {
        using var factory = new PostmortemsAppFactory();
        SeedBeforeTheAppStarts(factory.DataDirectory);
        var damaged = RepositoryContent.Incidents[5];
        DamagedFiles.FlipPagesHolding(Path.Combine(factory.DataDirectory, IncidentStore.DatabaseFileName), $"title: {damaged.Title}");
        using var client = factory.CreateClientAs("reader");

        using (var read = await client.GetAsync($"/api/incidents/{damaged.Id}"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        var ready = await HealthAnswer.Get(client);

        Assert.True(ready.Code == HttpStatusCode.ServiceUnavailable, ready.ToString());
        Assert.Contains("The store is read-only", ready.Checks["store"].Description);
    }

    [SkippableFact]
    public async Task Ready_is_503_while_the_disk_is_full_and_200_again_once_space_is_freed_without_a_restart()
    {
        using var disk = SmallDisk.TryMount(40, out var whyNot);
        Skip.If(disk is null, whyNot);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        try
        {
            using var factory = PostmortemsAppFactory.OnDataDirectory(disk.Path);
            using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
            using var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await HealthAnswer.Get(client)).Code);

            var filler = disk.Fill();
            // The probe write runs at most once per interval: until then the last result stands.
            Assert.Equal(HttpStatusCode.OK, (await HealthAnswer.Get(client)).Code);
            clock.Advance(StoreWriteProbe.Interval);
            var full = await HealthAnswer.Get(client);
            Assert.True(full.Code == HttpStatusCode.ServiceUnavailable, full.ToString());
            Assert.Contains("The disk holding the data directory", full.Checks["store"].Description);
            Assert.Contains("is full", full.Checks["store"].Description);
            Assert.Equal("Healthy", full.Checks["index"].Status);

            File.Delete(filler);
            clock.Advance(StoreWriteProbe.Interval);
            var freed = await HealthAnswer.Get(client);
            Assert.True(freed.Code == HttpStatusCode.OK, freed.ToString());
        }
        finally
        {
            DataDirectories.WaitUntilReleased(disk.Path);
        }
    }

    [Fact]
    public async Task Ready_is_503_while_the_index_is_rebuilt_after_a_damaged_file_and_200_once_it_is_done()
    {
        using var factory = new PostmortemsAppFactory();
        SeedBeforeTheAppStarts(factory.DataDirectory);
        var positions = Directory.GetFiles(Path.Combine(factory.DataDirectory, IncidentIndex.FolderName), "*.pos").MaxBy(f => new FileInfo(f).Length)!;
        using (var file = new FileStream(positions, FileMode.Open)) file.SetLength(file.Length / 2);
        var index = factory.Services.GetRequiredService<IncidentIndex>();
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        index.RepairStarting += _ =>
        {
            started.Set();
            release.Wait();
        };
        using var client = factory.CreateClientAs("reader");
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await HealthAnswer.Get(client)).Code);
            using (await client.GetAsync("/api/search?q=%22connection%20pool%22")) { }
            Assert.True(started.Wait(TimeSpan.FromMinutes(1)), "the damaged positions file started no rebuild");

            var rebuilding = await HealthAnswer.Get(client);

            Assert.True(rebuilding.Code == HttpStatusCode.ServiceUnavailable, rebuilding.ToString());
            Assert.Equal("Unhealthy", rebuilding.Checks["index"].Status);
            Assert.Contains("being rebuilt", rebuilding.Checks["index"].Description);
            Assert.Equal("Healthy", rebuilding.Checks["store"].Status);
        }
        finally
        {
            release.Set();
        }
        Assert.True(index.WaitForRebuild(TimeSpan.FromMinutes(2)));
        var rebuilt = await HealthAnswer.Get(client);
        Assert.True(rebuilt.Code == HttpStatusCode.OK, rebuilt.ToString());
    }
}

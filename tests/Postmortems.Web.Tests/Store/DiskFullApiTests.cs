using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Storage;
using Postmortems.Tests;
using Postmortems.Web.Tests.Write;
using static Postmortems.Web.Tests.Api.ApiClient;

namespace Postmortems.Web.Tests.Store;

/// <summary>The app on a real 40 MB filesystem that fills up: 507, nothing saved, and writes again once space is freed.</summary>
public sealed class DiskFullApiTests
{
    [SkippableFact]
    public async Task A_full_disk_is_a_507_that_says_so_and_the_app_writes_again_once_space_is_freed_without_a_restart()
    {
        using var disk = SmallDisk.TryMount(40, out var whyNot);
        Skip.If(disk is null, whyNot);
        try
        {
            using var factory = PostmortemsAppFactory.OnDataDirectory(disk.Path);
            using var client = factory.CreateClientAs("author");
            var store = factory.Services.GetRequiredService<IncidentStore>();
            var before = store.Count();
            var filler = disk.Fill();

            for (var attempt = 0; attempt < 3; attempt++)
            {
                var id = $"2026-07-0{attempt + 1}-disk-full";
                using var full = await Put(client, id, Samples.Complete(id));
                var problem = await Problem(full, HttpStatusCode.InsufficientStorage);
                Assert.Contains("the disk holding the data directory", Detail(problem));
                Assert.Contains("Nothing was saved", Detail(problem));
                using var missing = await client.GetAsync($"/api/incidents/{id}");
                Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            }
            using (var read = await client.GetAsync("/api/incidents?limit=1")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(before, store.Count());

            File.Delete(filler);
            const string after = "2026-07-09-disk-freed";
            using var saved = await Put(client, after, Samples.Complete(after));
            await Json(saved, HttpStatusCode.Created);
            Assert.Equal(before + 1, store.Count());
        }
        finally
        {
            DataDirectories.WaitUntilReleased(disk.Path);
        }
    }
}

using System.Net;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Web.Tests.Recovery;

/// <summary>POST /api/admin/backup: the running app copies its own store; the copy restores into an empty directory.</summary>
public sealed class BackupApiTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>, IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_admin_gets_a_backup_that_restores_every_incident()
    {
        using var client = factory.CreateClientAs("admin");

        using var response = await client.PostAsync("/api/admin/backup", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^postmortems-\d{8}-\d{6}Z\.db$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "");
        Assert.Equal(RepositoryContent.Incidents.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Postmortems-Incidents").Single());
        var file = _temp.Combine("backup.db");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());

        var restored = _temp.Combine("restored");
        Assert.Equal(RepositoryContent.Incidents.Count, StoreBackup.Restore(file, restored));
        using var store = new IncidentStore(restored, "tests");
        Assert.Equal(RepositoryContent.Incidents.Select(i => i.Id).Order(StringComparer.Ordinal), store.All().Select(i => i.Id));
    }

    [Theory]
    [InlineData("reader")]
    [InlineData("author")]
    public async Task Only_an_admin_gets_a_backup(string role)
    {
        using var client = factory.CreateClientAs(role);

        using var response = await client.PostAsync("/api/admin/backup", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

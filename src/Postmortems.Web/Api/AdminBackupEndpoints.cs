using System.Globalization;
using Postmortems.Core.Storage;
using Postmortems.Web.Auth;

namespace Postmortems.Web.Api;

/// <summary>
/// A backup from the running app: the app holds the data directory, so it is the process that can copy the store
/// consistently while it serves (see <see cref="StoreBackup.Write"/>). `postmortems restore` brings the file back.
/// </summary>
public static class AdminBackupEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGroup("/admin").WithTags("Admin")
            .MapPost("/backup", Backup)
            .RequireWrite(Policies.Admin)
            .WithName("Backup")
            .WithSummary("A consistent copy of the store, as a file to keep")
            .WithDescription(
                "Answers the store as a LiteDB file (application/octet-stream), copied while the app runs: every incident, " +
                "revision, original file and account, as of one moment. `postmortems restore FILE` restores it into an empty " +
                "data directory. Admins only; a damaged store answers 503 (run `postmortems verify` and `export --salvage`).")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> Backup(IncidentStore store, TimeProvider clock, HttpResponse response, CancellationToken cancellation)
    {
        var file = Path.Combine(Path.GetTempPath(), $"postmortems-backup-{Guid.NewGuid():N}.db");
        BackupResult backup;
        try
        {
            backup = await Task.Run(() => StoreBackup.Write(store, file), cancellation);
        }
        catch (StoreDamagedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The store is damaged and cannot be backed up as it is");
        }
        response.Headers["X-Postmortems-Incidents"] = backup.Incidents.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Postmortems-Generation"] = backup.Generation.ToString(CultureInfo.InvariantCulture);
        // Deleted once sent (or when the client goes away): the temporary copy is the response's, not the server's.
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var name = string.Create(CultureInfo.InvariantCulture, $"postmortems-{clock.GetUtcNow():yyyyMMdd-HHmmss}Z.db");
        return TypedResults.File(stream, "application/octet-stream", name);
    }
}

using System.CommandLine;
using Postmortems.Core.Storage;

namespace Postmortems.Cli;

/// <summary><c>backup</c>, <c>restore</c> and <c>verify</c>: the store's copies and its health.</summary>
public static class BackupCommand
{
    /// <summary>What to do when the app holds the data directory: it makes the backup itself.</summary>
    public const string AskTheApp =
        "While the app runs, ask it for the backup (an admin's API token; create one on the Admin page):\n" +
        "  curl -fsS -X POST -H \"Authorization: Bearer $TOKEN\" https://postmortems.example.com/api/admin/backup -o postmortems-backup.db";

    public static Command Backup(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The backup file to write (never overwritten)" };
        var command = new Command("backup", "Write a consistent copy of the store to FILE (a LiteDB file; `restore` brings it back).");
        command.Arguments.Add(file);
        command.SetAction(result => context.Guard(() =>
        {
            IncidentStore store;
            try
            {
                store = new IncidentStore(context.DataDirectory(result), "postmortems backup");
            }
            catch (DataDirectoryInUseException e)
            {
                context.Error.WriteLine($"error: {e.Message}");
                context.Error.WriteLine(AskTheApp);
                return CliApp.Error;
            }
            using (store)
            {
                var backup = StoreBackup.Write(store, result.GetValue(file)!);
                context.Output.WriteLine($"Backed up {backup.Incidents} incident(s) (store generation {backup.Generation}) to {backup.File}.");
                return CliApp.Success;
            }
        }));
        return command;
    }

    public static Command Restore(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "A backup written by `postmortems backup` or the app" };
        var command = new Command("restore", "Restore a backup into an empty data directory (refused otherwise); the search index is rebuilt at the next start.");
        command.Arguments.Add(file);
        command.SetAction(result => context.Guard(() =>
        {
            var directory = Path.GetFullPath(context.DataDirectory(result));
            var incidents = StoreBackup.Restore(result.GetValue(file)!, directory);
            context.Output.WriteLine($"Restored {incidents} incident(s) into {directory}. The search index is built from them when the app or a command next opens the store.");
            return CliApp.Success;
        }));
        return command;
    }

    public static Command Verify(CliContext context)
    {
        var command = new Command("verify", "Check every incident against its stored SHA-256 and every record of the database; list what is damaged. " +
                                            "Exit 0 clean, 1 damage found, 2 error.");
        command.SetAction(result => context.Guard(() =>
        {
            var directory = Path.GetFullPath(context.DataDirectory(result));
            using var @lock = DataDirectoryLock.Acquire(directory, "postmortems verify");
            var file = Path.Combine(directory, IncidentStore.DatabaseFileName);
            if (!File.Exists(file)) throw new FileNotFoundException($"There is no store in {directory} ({IncidentStore.DatabaseFileName} is missing).");
            VerifyReport report;
            try
            {
                report = StoreVerifier.Verify(file);
            }
            catch (StoreDamagedException e)
            {
                context.Output.WriteLine($"Damaged: {e.Message}");
                context.Output.WriteLine(StoreDamagedException.Fix);
                return CliApp.Invalid;
            }
            foreach (var damaged in report.Damaged) context.Output.WriteLine($"Damaged: {damaged}");
            if (report.WithoutChecksum > 0)
                context.Output.WriteLine($"{report.WithoutChecksum} incident(s) have no checksum (saved before checksums were kept): read, but their text cannot be checked; saving one adds it.");
            context.Output.WriteLine($"Checked {report.Incidents} incident(s) and {report.Documents} record(s) in {file}: " +
                                     (report.Clean ? "no damage found." : $"{report.Damaged.Count} damaged."));
            if (report.Clean) return CliApp.Success;
            context.Output.WriteLine(StoreDamagedException.Fix);
            return CliApp.Invalid;
        }));
        return command;
    }
}

using System.CommandLine;
using Postmortems.Core.Storage;

namespace Postmortems.Cli;

public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Argument<string>("dir") { Description = "The folder to write <id>.md files into (created if missing)" };
        var salvage = new Option<bool>("--salvage")
        {
            Description = "For a damaged store: write every incident that can still be read, list the rest, never stop halfway (exit 1 when some are listed)",
        };
        var command = new Command("export", "Write every incident in the store as <id>.md, exactly as stored.");
        command.Arguments.Add(directory);
        command.Options.Add(salvage);
        command.SetAction(result => context.Guard(() =>
        {
            var target = result.GetValue(directory)!;
            if (result.GetValue(salvage)) return Salvage(context, context.DataDirectory(result), target);
            using var store = new IncidentStore(context.DataDirectory(result), "postmortems export");
            var count = Progress.Run(context, "Exporting", progress => IncidentExporter.Export(store, target, progress));
            context.Output.WriteLine($"Exported {count} incident(s) to {Path.GetFullPath(target)}.");
            return CliApp.Success;
        }));
        return command;
    }

    /// <summary>Reads the database file itself, one incident at a time: a store too damaged to open still gives what it can.</summary>
    private static int Salvage(CliContext context, string dataDirectory, string target)
    {
        var directory = Path.GetFullPath(dataDirectory);
        using var @lock = DataDirectoryLock.Acquire(directory, "postmortems export --salvage");
        var file = Path.Combine(directory, IncidentStore.DatabaseFileName);
        if (!File.Exists(file)) throw new FileNotFoundException($"There is no store in {directory} ({IncidentStore.DatabaseFileName} is missing).");
        var report = Progress.Run(context, "Salvaging", progress => IncidentSalvage.Export(file, target, progress));
        foreach (var lost in report.Unreadable) context.Error.WriteLine($"Not written: {lost}");
        foreach (var suspect in report.Suspect) context.Error.WriteLine($"Written, but check it: {suspect}");
        context.Output.WriteLine($"Salvaged {report.Written} incident(s) to {Path.GetFullPath(target)}; {report.Unreadable.Count} could not be read" +
                                 (report.Suspect.Count > 0 ? $"; {report.Suspect.Count} written do not match their checksum." : "."));
        return report.Unreadable.Count + report.Suspect.Count == 0 ? CliApp.Success : CliApp.Invalid;
    }
}

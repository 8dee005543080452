using System.CommandLine;
using Postmortems.Core.Storage;

namespace Postmortems.Cli;

public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Argument<string>("dir") { Description = "The folder to write <id>.md files into (created if missing)" };
        var command = new Command("export", "Write every incident in the store as <id>.md, exactly as stored.");
        command.Arguments.Add(directory);
        command.SetAction(result => context.Guard(() =>
        {
            using var store = new IncidentStore(context.DataDirectory(result), "postmortems export");
            var target = result.GetValue(directory)!;
            var count = Progress.Run(context, "Exporting", progress => IncidentExporter.Export(store, target, progress));
            context.Output.WriteLine($"Exported {count} incident(s) to {Path.GetFullPath(target)}.");
            return CliApp.Success;
        }));
        return command;
    }
}

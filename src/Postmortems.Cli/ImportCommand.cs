using System.CommandLine;
using Postmortems.Core.Storage;

namespace Postmortems.Cli;

public static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("path") { Description = "A folder of incident files (searched recursively), or one file" };
        var author = new Option<string>("--author") { Description = "Who the revisions are recorded as", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("import", "Import incident files into the store. Unchanged files change nothing; changed files become new revisions.");
        command.Arguments.Add(path);
        command.Options.Add(author);
        command.SetAction(result => context.Guard(() => Run(context, result, result.GetValue(path)!, result.GetValue(author)!)));
        return command;
    }

    private static int Run(CliContext context, ParseResult result, string path, string author)
    {
        var validator = context.Validator(result);
        using var store = new IncidentStore(context.DataDirectory(result), "postmortems import");
        var importer = new IncidentImporter(store, validator);
        var report = Progress.Run(context, "Importing", progress => importer.Import(path, author, progress));

        foreach (var file in report.Files.Where(f => f.Outcome is ImportOutcome.Failed))
        {
            context.Error.WriteLine($"{file.File}: not imported: {file.Reason}");
            foreach (var problem in file.Problems) context.Error.WriteLine($"  {problem}");
        }
        foreach (var group in report.Files.Where(f => f.Outcome is ImportOutcome.Skipped).GroupBy(f => f.Reason))
        {
            var files = group.Select(f => f.File).ToList();
            var shown = string.Join(", ", files.Take(3)) + (files.Count > 3 ? $" and {files.Count - 3} more" : "");
            context.Output.WriteLine($"Skipped {files.Count} file(s), {group.Key}: {shown}");
        }

        context.Output.WriteLine(
            $"Imported into {store.DataDirectory}: {report.Count(ImportOutcome.Created)} new, {report.Count(ImportOutcome.Updated)} updated, " +
            $"{report.Count(ImportOutcome.Unchanged)} unchanged, {report.Count(ImportOutcome.Skipped)} skipped, {report.Count(ImportOutcome.Failed)} failed.");
        return report.HasFailures ? CliApp.Invalid : CliApp.Success;
    }
}

using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;

namespace Postmortems.Cli;

public static class ImportCommand
{
    private static readonly JsonSerializerOptions ReportJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("path") { Description = "A folder of postmortems (searched recursively), or one file: native files, other front matter, free-form Markdown, Word (.docx), or a Confluence space's HTML export (.zip, or its .html pages)" };
        var author = new Option<string>("--author") { Description = "Who the revisions are recorded as", DefaultValueFactory = _ => Environment.UserName };
        var include = new Option<string[]>("--include") { Description = "Only files matching this pattern (relative to PATH; * ** ?), may be repeated", AllowMultipleArgumentsPerToken = false };
        var exclude = new Option<string[]>("--exclude") { Description = "Leave out files matching this pattern, may be repeated" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be imported, and how, without writing anything" };
        var report = new Option<string?>("--report") { Description = "Also write the report as JSON to this file" };
        var command = new Command("import", "Import postmortems into the store, from native files or other archives, without losing a word. " +
                                            "Unchanged files change nothing; changed files become new revisions.");
        command.Arguments.Add(path);
        command.Options.Add(author);
        command.Options.Add(include);
        command.Options.Add(exclude);
        command.Options.Add(dryRun);
        command.Options.Add(report);
        command.SetAction(result => context.Guard(() =>
        {
            var options = new ImportOptions(result.GetValue(author)!)
            {
                Include = [.. (result.GetValue(include) ?? []).Select(p => new Glob(p))],
                Exclude = [.. (result.GetValue(exclude) ?? []).Select(p => new Glob(p))],
                DryRun = result.GetValue(dryRun),
            };
            return Run(context, result, result.GetValue(path)!, options, result.GetValue(report));
        }));
        return command;
    }

    private static int Run(CliContext context, ParseResult result, string path, ImportOptions options, string? reportFile)
    {
        var taxonomy = context.Taxonomy(result);
        using var store = new IncidentStore(context.DataDirectory(result), options.DryRun ? "postmortems import --dry-run" : "postmortems import");
        using var index = new IncidentIndex(store, taxonomy);
        var importer = new IncidentImporter(store, new(taxonomy), new Suggester(taxonomy, index));
        ImportReport report;
        try
        {
            using (index.Batch())
                report = Progress.Run(context, options.DryRun ? "Reading" : "Importing", progress => importer.Import(path, options, progress));
        }
        catch (ImportInterruptedException e)
        {
            Print(context, store, e.Report, options, reportFile);
            context.Error.WriteLine($"error: {e.Message}");
            context.Error.WriteLine($"The {e.Report.Count(ImportOutcome.Created) + e.Report.Count(ImportOutcome.Updated)} incident(s) reported new or updated above are stored; " +
                                    "import the folder again once the error is fixed to take the rest (unchanged files are skipped).");
            return CliApp.Error;
        }
        Print(context, store, report, options, reportFile);
        return report.HasFailures ? CliApp.Invalid : CliApp.Success;
    }

    private static void Print(CliContext context, IncidentStore store, ImportReport report, ImportOptions options, string? reportFile)
    {
        foreach (var file in report.Files.Where(f => f.Outcome is ImportOutcome.Failed))
        {
            context.Error.WriteLine($"{file.File}: not imported: {file.Reason}");
            foreach (var problem in file.Problems ?? []) context.Error.WriteLine($"  {problem}");
        }
        foreach (var group in report.Files.Where(f => f.Outcome is ImportOutcome.Skipped).GroupBy(f => f.Reason))
        {
            var files = group.Select(f => f.Path).ToList();
            var shown = string.Join(", ", files.Take(3)) + (files.Count > 3 ? $" and {files.Count - 3} more" : "");
            context.Output.WriteLine($"Skipped {files.Count} file(s), {group.Key}: {shown}");
        }
        var taken = report.Files.Where(f => f.Format is not null && f.Outcome is not ImportOutcome.Failed).ToList();
        foreach (var format in taken.GroupBy(f => f.Format))
        {
            var guessed = format.Count(f => f.Guessed is { Count: > 0 });
            context.Output.WriteLine($"Read {format.Count()} file(s) as {format.Key}{(guessed > 0 ? $"; {guessed} with guessed fields to check" : "")}.");
        }
        foreach (var file in taken.Where(f => f.NotConverted is { Count: > 0 }))
            context.Output.WriteLine($"{file.Path}: not converted (the original is kept): {string.Join("; ", file.NotConverted!)}");
        var suggested = taken.Count(f => f.Suggestions is { Count: > 0 });
        if (suggested > 0) context.Output.WriteLine($"Suggested gaps or differences for {suggested} incident(s), waiting for a person to confirm them.");

        if (reportFile is not null)
        {
            File.WriteAllText(reportFile, JsonSerializer.Serialize(new
            {
                dryRun = options.DryRun,
                totals = Enum.GetValues<ImportOutcome>().ToDictionary(o => JsonNamingPolicy.CamelCase.ConvertName(o.ToString()), report.Count),
                files = report.Files,
            }, ReportJson));
            context.Output.WriteLine($"Wrote the report to {Path.GetFullPath(reportFile)}.");
        }

        context.Output.WriteLine(
            $"{(options.DryRun ? "Dry run, nothing written to" : "Imported into")} {store.DataDirectory}: {report.Count(ImportOutcome.Created)} new, {report.Count(ImportOutcome.Updated)} updated, " +
            $"{report.Count(ImportOutcome.Unchanged)} unchanged, {report.Count(ImportOutcome.Skipped)} skipped, {report.Count(ImportOutcome.Failed)} failed.");
    }
}

using System.CommandLine;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.Cli;

public static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("path") { Arity = ArgumentArity.OneOrMore, Description = "Incident files or folders of them" };
        var command = new Command("validate", "Check incident files; exit 1 with 'file:line: problem. fix' lines when any has a problem.");
        command.Arguments.Add(paths);
        command.SetAction(result => context.Guard(() => Run(context, result, result.GetValue(paths)!)));
        return command;
    }

    private static int Run(CliContext context, ParseResult result, string[] paths)
    {
        var validator = context.Validator(result);
        var documents = new List<IncidentDocument>();
        var problems = new List<Problem>();
        var skipped = 0;
        foreach (var entry in paths.SelectMany(path => FolderWalk.Entries(path, "*.md")))
        {
            var file = entry.Path;
            if (entry.SkipReason is { } reason)
            {
                context.Output.WriteLine($"{file}: skipped: {reason}");
                skipped++;
                continue;
            }
            string text;
            try
            {
                text = IncidentFiles.Read(file);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                problems.Add(new Problem(file, 1, e.Message));
                continue;
            }
            var document = IncidentDocument.Parse(text, file);
            if (IncidentDocument.NotAnIncidentReason(document, file) is not null)
            {
                skipped++;
                continue;
            }
            documents.Add(document);
        }

        problems.AddRange(validator.ValidateAll(documents));
        foreach (var problem in problems) context.Output.WriteLine(problem);

        var errors = problems.Where(p => !p.IsWarning).ToList();
        var warnings = problems.Count - errors.Count;
        var checkedFiles = documents.Select(d => d.File).Union(problems.Select(p => p.File)).Count();
        var failing = errors.Select(p => p.File).Distinct().Count();
        context.Output.WriteLine(
            $"{checkedFiles} incident file(s) checked: {checkedFiles - failing} valid, {failing} with problems ({errors.Count} problem(s)" +
            $"{(warnings > 0 ? $", {warnings} warning(s) on what imported incidents still need" : "")}); {skipped} file(s) that are not incidents (or links not followed) skipped.");
        return errors.Count == 0 ? CliApp.Success : CliApp.Invalid;
    }
}

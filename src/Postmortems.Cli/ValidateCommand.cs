using System.CommandLine;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Style;

namespace Postmortems.Cli;

public static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("path") { Arity = ArgumentArity.OneOrMore, Description = "Incident files or folders of them" };
        var strict = new Option<bool>("--strict") { Description = "Count style findings (blameless language, content/style/) and problems in the rule files as problems: exit 1" };
        var command = new Command("validate",
            "Check incident files; exit 1 with 'file:line: problem. fix' lines when any has a problem. " +
            "Style findings are printed as 'file:line:col: style: message (rule-id)' warnings.");
        command.Arguments.Add(paths);
        command.Options.Add(strict);
        command.SetAction(result => context.Guard(() => Run(context, result, result.GetValue(paths)!, result.GetValue(strict))));
        return command;
    }

    private static int Run(CliContext context, ParseResult result, string[] paths, bool strict)
    {
        var validator = context.Validator(result);
        var style = StyleChecker.Load(context.ContentDirectory(result));
        foreach (var problem in style.RuleProblems) context.Error.WriteLine($"{(strict ? "" : "warning: ")}{problem}");
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
        var findings = documents.Where(d => d.Refusal is null).SelectMany(d => style.Check(d).Select(f => (d.File, Finding: f))).ToList();
        foreach (var (file, finding) in findings) context.Output.WriteLine(finding.Format(file));

        var errors = problems.Where(p => !p.IsWarning).ToList();
        var warnings = problems.Count - errors.Count;
        var checkedFiles = documents.Select(d => d.File).Union(problems.Select(p => p.File)).Count();
        var failingFiles = errors.Select(p => p.File);
        if (strict) failingFiles = failingFiles.Concat(findings.Select(f => f.File));
        var failing = failingFiles.Distinct().Count();
        var problemCount = errors.Count + (strict ? findings.Count : 0);
        context.Output.WriteLine(
            $"{checkedFiles} incident file(s) checked: {checkedFiles - failing} valid, {failing} with problems ({problemCount} problem(s)" +
            $"{(warnings > 0 ? $", {warnings} warning(s) on what imported incidents still need" : "")}" +
            $"{(findings.Count > 0 ? $", {findings.Count} style finding(s){(strict ? " counted by --strict" : "")}" : "")}); " +
            $"{skipped} file(s) that are not incidents (or links not followed) skipped.");
        var strictFailure = strict && (findings.Count > 0 || style.RuleProblems.Count > 0);
        return errors.Count == 0 && !strictFailure ? CliApp.Success : CliApp.Invalid;
    }
}

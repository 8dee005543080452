using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Postmortems.Core.DesignCheck;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;

namespace Postmortems.Cli;

/// <summary>
/// <c>postmortems check FILE|-</c>: a design (doc, RFC, PR description) against the past incidents, for a person or a
/// CI job that comments on pull requests. Advisory: it exits 0 whatever it finds; only an error (no such file, a text
/// over 100 KB, a data directory in use) exits 2.
/// </summary>
public static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The design as Markdown or text (at most 100 KB); - reads it from standard input" };
        var json = new Option<bool>("--json") { Description = "Print {\"incidents\": [{\"id\", \"title\", \"source\", \"score\", \"why\"}], \"gaps\", \"checklist\", \"differences\", \"terms\", \"markdown\"} as JSON" };
        var markdown = new Option<bool>("--markdown") { Description = "Print the result as Markdown, to post on a pull request" };
        var limit = new Option<int>("--limit") { Description = $"How many past incidents to consider (1 to {DesignChecker.MaxLimit})", DefaultValueFactory = _ => DesignChecker.DefaultLimit };
        var baseUrl = new Option<string?>("--base-url") { Description = "Where the knowledge base is served (https://postmortems.example.com): the Markdown's links start with it; relative (/incidents/ID) otherwise" };
        var command = new Command("check", "Check a design against past incidents: the ones like it and why, the gaps that let them through, a checklist to run before shipping. Exit 0 whatever it finds, 2 on an error.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(markdown);
        command.Options.Add(limit);
        command.Options.Add(baseUrl);
        command.SetAction(result => context.Guard(() =>
        {
            if (result.GetValue(json) && result.GetValue(markdown)) return Fail(context, "--json and --markdown cannot be used together: pick one");
            var limitValue = result.GetValue(limit);
            if (limitValue < 1 || limitValue > DesignChecker.MaxLimit) return Fail(context, $"--limit must be between 1 and {DesignChecker.MaxLimit}");
            var baseUrlValue = result.GetValue(baseUrl);
            if (baseUrlValue is not null && !(Uri.TryCreate(baseUrlValue, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
                return Fail(context, $"--base-url must be an absolute http(s) URL such as https://postmortems.example.com (got '{baseUrlValue}')");

            var path = result.GetValue(file)!;
            var (text, problem) = Read(path);
            if (problem is not null) return Fail(context, problem);
            if (DesignInput.Problem(text) is { } refused) return Fail(context, $"{Name(path)}: {refused.Message}");

            var taxonomy = context.Taxonomy(result);
            using var store = new IncidentStore(context.DataDirectory(result), "postmortems check");
            using var index = Progress.Run(context, "Indexing", progress => new IncidentIndex(store, taxonomy, progress: progress));
            if (index.Count == 0)
                context.Error.WriteLine($"note: the store in {store.DataDirectory} has no incidents, so nothing can match; import your postmortems first (postmortems import DIR)");
            var checkResult = new DesignChecker(index, taxonomy, store).Check(text!, limitValue);

            if (result.GetValue(json))
                context.Output.WriteLine(JsonSerializer.Serialize(DesignCheckJson.From(checkResult, baseUrlValue), DesignCheckJson.SerializerOptions));
            else if (result.GetValue(markdown))
                context.Output.Write(DesignCheckMarkdown.Render(checkResult, baseUrlValue));
            else
                WriteText(context.Output, checkResult);
            return CliApp.Success;
        }));
        return command;
    }

    private static int Fail(CliContext context, string message)
    {
        context.Error.WriteLine($"error: {message}");
        return CliApp.Error;
    }

    private static string Name(string path) => path == "-" ? "standard input" : path;

    /// <summary>The text of the file or of standard input, or why it cannot be read; never more than a byte past the limit.</summary>
    private static (string? Text, string? Problem) Read(string path)
    {
        if (path != "-")
        {
            if (Directory.Exists(path)) return (null, $"{path} is a folder: give the design's file");
            if (!File.Exists(path)) return (null, $"{path}: no such file");
            var length = new FileInfo(path).Length;
            if (length > DesignInput.MaxBytes + 3) return (null, $"{path}: {DesignInput.TooLarge(length).Message}");
        }
        using var stream = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
        var buffer = new byte[DesignInput.MaxBytes + 4];
        var read = 0;
        int count;
        while (read < buffer.Length && (count = stream.Read(buffer, read, buffer.Length - read)) > 0) read += count;
        var hasBom = read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF;
        var size = read - (hasBom ? 3 : 0);
        if (size > DesignInput.MaxBytes) return (null, $"{Name(path)}: {DesignInput.TooLarge(size, atLeast: path == "-").Message}");
        var text = IncidentFiles.Decode(buffer[(hasBom ? 3 : 0)..read], Name(path));
        return (text, null);
    }

    private static void WriteText(TextWriter output, DesignCheckResult result)
    {
        if (!result.FoundAnything)
        {
            output.WriteLine("No past incident looks like this design: none shares enough of its distinctive words.");
            if (result.Terms.Count > 0) output.WriteLine($"Read as: {string.Join(", ", result.Terms.Take(12))}");
            return;
        }
        output.WriteLine($"{result.Incidents.Count} past incident(s) like this design (read as: {string.Join(", ", result.Terms.Take(12))}):");
        for (var i = 0; i < result.Incidents.Count; i++)
        {
            var incident = result.Incidents[i];
            output.WriteLine();
            output.WriteLine($"{i + 1,3}. {incident.Title}");
            output.WriteLine($"     {incident.Id}  {incident.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}  relevance {incident.Relevance.ToString("0.00", CultureInfo.InvariantCulture)}");
            if (incident.Why.Terms.Count > 0) output.WriteLine($"     shares: {string.Join(", ", incident.Why.Terms.Take(10))}");
            if (incident.Why.Snippet.Length > 0) output.WriteLine($"     {incident.Why.Snippet}");
        }

        string Numbers(IEnumerable<string> ids) =>
            string.Join(", ", ids.Select(id => (result.Incidents.ToList().FindIndex(i => i.Id == id) + 1).ToString(CultureInfo.InvariantCulture)));

        if (result.Gaps.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Gaps that let them through (score = summed relevance; incidents by number above, * = suggested, not confirmed):");
            var width = result.Gaps.Max(g => g.Id.Length);
            foreach (var gap in result.Gaps)
            {
                var incidents = string.Join(", ", gap.Incidents.Select(id => Numbers([id]) + (gap.Suggested.Contains(id) ? "*" : "")));
                output.WriteLine($"  {gap.Id.PadRight(width)}  {gap.Score.ToString("0.00", CultureInfo.InvariantCulture),5}  {gap.Title} ({incidents})");
            }
        }
        if (result.Checklist.Count > 0)
        {
            output.WriteLine();
            var count = result.Gaps.Count(g => g.InChecklist);
            output.WriteLine($"Before you ship (the steps of {(count == 1 ? "the top gap" : $"the top {count} gaps")}):");
            foreach (var item in result.Checklist)
                output.WriteLine($"  [ ] {item.Text}  ({string.Join(", ", item.Gaps)}: {Numbers(item.Incidents)})");
        }
        if (result.Differences.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("What differed between dev and prod when similar changes failed:");
            foreach (var difference in result.Differences)
            {
                var mentioned = difference.Mentioned.Count > 0 ? $"; this design mentions {string.Join(", ", difference.Mentioned)}" : "";
                output.WriteLine($"  {difference.Title} ({Numbers(difference.Incidents)}){mentioned}");
            }
        }
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Cli;

public static class SearchCommand
{
    public static Command Create(CliContext context)
    {
        var query = new Argument<string[]>("query")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Plain words, \"quoted phrases\", AND/OR/NOT, field:value (gap:, service:, severity:, tag:, year:, date:[2025-01-01 TO 2025-06-30] ...)",
        };
        var limit = new Option<int>("--limit") { Description = "How many incidents to show", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print {\"total\", \"hits\": [{\"id\", \"title\", \"source\", \"score\", \"snippet\", \"matched\", \"partial\"}], \"facets\"} as JSON" };
        var sort = new Option<SearchSort>("--sort") { Description = "relevance (default) or date (newest first)", DefaultValueFactory = _ => SearchSort.Relevance };
        var command = new Command("search", "Search the incidents. Exit 0 whenever incidents are printed (partial matches and a query read as its plain words included), 1 when nothing is found or the query cannot be read at all.");
        command.Arguments.Add(query);
        command.Options.Add(limit);
        command.Options.Add(json);
        command.Options.Add(sort);
        command.SetAction(result => context.Guard(() =>
        {
            var limitValue = result.GetValue(limit);
            if (limitValue < 1 || limitValue > SearchRequest.MaxLimit)
            {
                context.Error.WriteLine($"error: --limit must be between 1 and {SearchRequest.MaxLimit}");
                return CliApp.Error;
            }
            var text = string.Join(' ', result.GetValue(query)!);
            using var store = new IncidentStore(context.DataDirectory(result), "postmortems search");
            using var index = Progress.Run(context, "Indexing", progress => new IncidentIndex(store, TaxonomyOrNull(context, result), progress: progress));
            var found = index.Search(new SearchRequest(text, limitValue, 0, result.GetValue(sort)));

            if (found.Message is not null) context.Error.WriteLine(found.Message);
            if (found.DidYouMean is not null) context.Error.WriteLine($"Did you mean: {found.DidYouMean}");
            if (result.GetValue(json)) WriteJson(context.Output, found);
            else WriteText(context.Output, text, found);
            // Whatever was printed is an answer a script can use; the note on stderr says how the query was read.
            return found.Hits.Count > 0 ? CliApp.Success : CliApp.Invalid;
        }));
        return command;
    }

    /// <summary>The taxonomy maps old gap ids to current ones; search still works without it.</summary>
    internal static GapTaxonomy? TaxonomyOrNull(CliContext context, ParseResult result)
    {
        try
        {
            return context.Taxonomy(result);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteText(TextWriter output, string query, SearchResult found)
    {
        if (found.Total == 0)
        {
            output.WriteLine($"No incident matches \"{query}\".");
            return;
        }
        output.WriteLine($"{found.Total} incident(s) match \"{query}\"{(found.Hits.Count < found.Total ? $", the first {found.Hits.Count} shown" : "")}:");
        if (found.Hits.Any(h => h.Partial)) output.WriteLine("(partial match): the incident has only some of the words, and is shown as one of the best of those.");
        for (var i = 0; i < found.Hits.Count; i++)
        {
            var hit = found.Hits[i];
            output.WriteLine();
            output.WriteLine($"{i + 1,3}. {hit.Title}");
            output.WriteLine($"     {hit.Id}  {hit.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {hit.Severity}  score {hit.Score.ToString("F2", CultureInfo.InvariantCulture)}{(hit.Partial ? "  (partial match)" : "")}");
            if (hit.Snippet.Length > 0) output.WriteLine($"     {hit.Snippet}");
            if (hit.Matched.Count > 0) output.WriteLine($"     matched: {MatchedText(hit.Matched)}");
        }
        output.WriteLine();
        foreach (var (name, values) in found.Facets)
        {
            if (values.Count == 0) continue;
            output.WriteLine($"{name}: {string.Join(", ", values.Take(8).Select(v => $"{v.Value} ({v.Count})"))}");
        }
    }

    /// <summary>"pool (Title, Root cause), timeout (Text)": which words a hit has, and where.</summary>
    internal static string MatchedText(IReadOnlyList<MatchedWord> matched) =>
        string.Join(", ", matched.Select(m => $"{m.Word} ({string.Join(", ", m.Where)})"));

    /// <summary>Exactly <c>{"total", "hits": [{"id", "title", "source", "score", "snippet", "matched", "partial"}], "facets": {name: {value: count}}}</c>, the shape the web API shares.</summary>
    private static void WriteJson(TextWriter output, SearchResult found) =>
        output.WriteLine(JsonSerializer.Serialize(SearchJson.From(found), SearchJson.SerializerOptions));
}

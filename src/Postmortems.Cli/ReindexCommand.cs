using System.CommandLine;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;

namespace Postmortems.Cli;

public static class ReindexCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("reindex", "Rebuild the search index from the store (it is rebuilt by itself when missing or stale; this forces it).");
        command.SetAction(result => context.Guard(() =>
        {
            using var store = new IncidentStore(context.DataDirectory(result), "postmortems reindex");
            var taxonomy = SearchCommand.TaxonomyOrNull(context, result);
            var (count, path) = Progress.Run(context, "Indexing", progress =>
            {
                using var index = new IncidentIndex(store, taxonomy, forceRebuild: true, progress: progress);
                return (index.Count, index.Path);
            });
            context.Output.WriteLine($"Indexed {count} incident(s) into {path}.");
            return CliApp.Success;
        }));
        return command;
    }
}

using System.CommandLine;
using Postmortems.Core;
using Postmortems.Core.Accounts;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;

namespace Postmortems.Cli;

/// <summary>The <c>postmortems</c> command: one root with global options, one subcommand per job.</summary>
public static class CliApp
{
    public const int Success = 0;
    public const int Invalid = 1;
    public const int Error = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, Console.In, output, error);

    /// <param name="input">Where <c>--password-stdin</c> reads from.</param>
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var data = new Option<string?>("--data")
        {
            Description = $"The data directory (default: ${PostmortemsPaths.DataDirectoryVariable}, else {PostmortemsPaths.DefaultDataDirectory})",
            Recursive = true,
        };
        var content = new Option<string?>("--content")
        {
            Description = $"The content directory with the gap taxonomy (default: ${PostmortemsPaths.ContentDirectoryVariable}, else the copy shipped with this program)",
            Recursive = true,
        };
        var context = new CliContext(input, output, error, data, content);

        var root = new RootCommand("Postmortems: a knowledge base of 'worked in dev, failed in prod' incidents.");
        root.Options.Add(data);
        root.Options.Add(content);
        root.Subcommands.Add(ValidateCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(DraftFromChatCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(SearchCommand.Create(context));
        root.Subcommands.Add(ActionsCommand.Create(context));
        root.Subcommands.Add(ReindexCommand.Create(context));
        root.Subcommands.Add(CheckCommand.Create(context));
        root.Subcommands.Add(UsersCommand.Create(context));
        root.Subcommands.Add(TokensCommand.Create(context));
        root.Subcommands.Add(BackupCommand.Backup(context));
        root.Subcommands.Add(BackupCommand.Restore(context));
        root.Subcommands.Add(BackupCommand.Verify(context));

        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }
}

/// <summary>What every command needs: where to write, and how to find the data and content directories.</summary>
public sealed class CliContext(TextReader input, TextWriter output, TextWriter error, Option<string?> data, Option<string?> content)
{
    public TextReader Input { get; } = input;
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;

    public string DataDirectory(ParseResult result) =>
        result.GetValue(data) ?? Environment.GetEnvironmentVariable(PostmortemsPaths.DataDirectoryVariable) ?? PostmortemsPaths.DefaultDataDirectory;

    public string ContentDirectory(ParseResult result) =>
        result.GetValue(content) ?? Environment.GetEnvironmentVariable(PostmortemsPaths.ContentDirectoryVariable) ?? PostmortemsPaths.DefaultContentDirectory;

    public GapTaxonomy Taxonomy(ParseResult result) => GapTaxonomy.LoadOrThrow(ContentDirectory(result));

    public IncidentValidator Validator(ParseResult result) => new(Taxonomy(result));

    /// <summary>Runs a command body, turning the errors a user can cause into a message and exit code 2.</summary>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or AccountException)
        {
            Error.WriteLine($"error: {e.Message}");
            return CliApp.Error;
        }
        catch (Exception e) when (e is LiteDB.LiteException or System.Text.DecoderFallbackException)
        {
            Error.WriteLine($"error: the store's database is damaged where it was read ({e.Message}). {StoreDamagedException.Fix}");
            return CliApp.Error;
        }
    }
}

using System.CommandLine;
using Postmortems.Core.Format;
using Postmortems.Core.Import.Chat;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;

namespace Postmortems.Cli;

public static class DraftFromChatCommand
{
    public static Command Create(CliContext context)
    {
        var export = new Argument<string>("export") { Description = "A Slack export: its zip, or the folder it unzips to (users.json, channels.json, <channel>/<YYYY-MM-DD>.json)" };
        var channel = new Option<string?>("--channel") { Description = "The incident's channel (needed when the export has more than one)" };
        var from = new Option<string?>("--from") { Description = "Leave out messages before this time (YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC)" };
        var to = new Option<string?>("--to") { Description = "Leave out messages after this time (a date alone includes that whole day)" };
        var id = new Option<string?>("--id") { Description = "The draft's id (default: the first message's date and the channel's name)" };
        var output = new Option<string?>("--output") { Description = "Write the draft to this file ('-': standard output) instead of storing it" };
        var author = new Option<string>("--author") { Description = "Who the draft's first revision is recorded as", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("draft-from-chat", "Write a draft incident from a chat channel's export: its timeline, date, duration, authors and " +
                                                     "candidate key moments. Nothing is published: a person edits the draft.");
        command.Arguments.Add(export);
        foreach (var option in new Option[] { channel, from, to, id, output, author }) command.Options.Add(option);
        command.SetAction(result => context.Guard(() =>
        {
            var options = new ChatDraftOptions
            {
                Channel = result.GetValue(channel),
                From = Time(result.GetValue(from), "--from", endOfDay: false),
                To = Time(result.GetValue(to), "--to", endOfDay: true),
                Id = result.GetValue(id),
            };
            var moments = KeyMoments.Load(context.ContentDirectory(result));
            ChatDraft draft;
            using (var files = ExportFiles.Open(result.GetValue(export)!))
                draft = new ChatDraftBuilder(moments).Build(SlackExport.Read(files), options);
            return result.GetValue(output) is { } file ? Write(context, draft, file) : Store(context, result, draft, result.GetValue(author)!);
        }));
        return command;
    }

    private static int Write(CliContext context, ChatDraft draft, string file)
    {
        if (file == "-")
        {
            context.Output.Write(draft.Markdown);
            PrintReport(context.Error, draft);
            return CliApp.Success;
        }
        IncidentFiles.Write(file, draft.Markdown);
        PrintReport(context.Output, draft);
        context.Output.WriteLine($"Wrote the draft to {Path.GetFullPath(file)}.");
        return CliApp.Success;
    }

    private static int Store(CliContext context, ParseResult result, ChatDraft draft, string author)
    {
        using var store = new IncidentStore(context.DataDirectory(result), "postmortems draft-from-chat");
        if (store.Exists(draft.Id))
            throw new InvalidDataException($"An incident '{draft.Id}' is already stored; nothing was written. Give the draft another id with --id, or write it to a file with --output.");
        using var index = new IncidentIndex(store, context.Taxonomy(result));
        store.Save(IncidentDocument.Parse(draft.Markdown, draft.Id + ".md"), author);
        PrintReport(context.Output, draft);
        context.Output.WriteLine($"Stored the draft '{draft.Id}' in {store.DataDirectory}: open /incidents/{draft.Id}/edit to finish it.");
        return CliApp.Success;
    }

    private static void PrintReport(TextWriter writer, ChatDraft draft)
    {
        writer.WriteLine($"#{draft.Channel}: {draft.Kept} message(s) from {draft.First.UtcDateTime:yyyy-MM-dd HH:mm} to {draft.Last.UtcDateTime:yyyy-MM-dd HH:mm} UTC, " +
                         $"by {draft.Participants.Count} people ({string.Join(", ", draft.Participants)}).");
        foreach (var (reason, count) in draft.LeftOut) writer.WriteLine($"Left out {count}: {reason}.");
        foreach (var item in draft.NotConverted) writer.WriteLine($"Not converted: {item}.");
        foreach (var moment in draft.KeyMoments) writer.WriteLine($"Key moment? {moment.Time.UtcDateTime:yyyy-MM-dd HH:mm} {moment.Who}: {moment.Moment}");
    }

    private static DateTimeOffset? Time(string? text, string option, bool endOfDay)
    {
        if (text is null) return null;
        if (!IncidentDocument.TryParseDate(text, out var time))
            throw new InvalidDataException($"{option} '{text}' is not a time: write YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC).");
        return endOfDay && text.Trim().Length == 10 ? time.AddDays(1).AddTicks(-1) : time;
    }
}

using System.Globalization;
using System.Text;
using Postmortems.Core.Format;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;

namespace Postmortems.Core.Import.Chat;

/// <summary>
/// Writes a draft incident from one channel of a Slack export: the Timeline as <c>- HH:MM (UTC) who: what</c> lines
/// (thread replies folded under their parent), the date and duration from the first and last messages, the authors
/// from the people who wrote, and candidate key moments marked. Joins, channel housekeeping, bot noise, emoji
/// reactions and deleted messages are left out and counted; edits are read as their last version.
/// </summary>
public sealed class ChatDraftBuilder(IReadOnlyList<KeyMoment> moments)
{
    private static readonly HashSet<string> JoinsAndLeaves = ["channel_join", "channel_leave", "group_join", "group_leave"];
    private static readonly HashSet<string> Housekeeping =
        ["channel_topic", "channel_purpose", "channel_name", "channel_archive", "channel_unarchive", "group_topic", "group_purpose", "group_name",
         "group_archive", "group_unarchive", "pinned_item", "unpinned_item", "bot_add", "bot_remove", "reminder_add", "reminder_delete",
         "channel_convert_to_private", "channel_convert_to_public", "huddle_thread", "sh_room_created"];

    /// <exception cref="InvalidDataException">No such channel, no channel chosen among several, or no message in the window.</exception>
    public ChatDraft Build(SlackExport export, ChatDraftOptions options)
    {
        var channel = ChooseChannel(export, options.Channel);
        var leftOut = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Leave(string reason) => leftOut[reason] = leftOut.GetValueOrDefault(reason) + 1;

        var messages = LastVersions(export.Messages(channel).Select(m => m.Message), Leave);
        var unknownUsers = new SortedSet<string>(StringComparer.Ordinal);
        var firstOnlyMarked = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<Line>();
        foreach (var message in messages.Values.OrderBy(m => m.Time).ThenBy(m => m.Ts, StringComparer.Ordinal))
        {
            if (options.From is { } from && message.Time < from || options.To is { } to && message.Time > to)
            {
                Leave(LeftOutReason.OutsideWindow);
                continue;
            }
            if (LeftOutBySubtype(message) is { } reason)
            {
                Leave(reason);
                continue;
            }
            var isBot = IsBot(message, export.Users);
            var text = SlackText.ToMarkdown(Text(message, isBot), export.Users, id => unknownUsers.Add(id)).Trim();
            if (text.Length == 0 && message.Files is not { Count: > 0 })
            {
                Leave(LeftOutReason.Empty);
                continue;
            }
            var moment = MomentOf(text, isBot, firstOnlyMarked);
            if (isBot && moment is null)
            {
                Leave(LeftOutReason.Bot);
                continue;
            }
            lines.Add(new Line(message, Who(message, export.Users), text, moment, isBot));
        }
        if (lines.Count == 0)
            throw new InvalidDataException($"{export.Channels.Count} channel(s) read, but #{channel} has no message to draft from{Window(options)}.");

        var first = lines.Min(l => l.Message.Time);
        var last = lines.Max(l => l.Message.Time);
        var participants = lines.Where(l => !l.IsBot).Select(l => l.Who).Distinct(StringComparer.Ordinal).ToList();
        var notConverted = new List<string>();
        notConverted.AddRange(unknownUsers.Select(id => $"user id {id}: not in users.json, kept as @{id}"));
        var id = options.Id ?? $"{first.UtcDateTime:yyyy-MM-dd}-{IncidentValidator.SlugFrom(channel)}".TrimEnd('-');
        if (!GapTaxonomy.IsSlug(id))
            throw new InvalidDataException($"'{id}' is not an id: use lowercase letters, digits and dashes only, for example '{IncidentValidator.SlugFrom(id)}'.");

        var markdown = new StringBuilder();
        markdown.Append("---\n")
            .Append("id: ").Append(id).Append('\n')
            .Append("title: ").Append(IncidentWriter.Quote($"Incident in #{channel} on {first.UtcDateTime:yyyy-MM-dd}")).Append('\n')
            .Append("date: ").Append(IncidentWriter.FormatDate(TrimSeconds(first))).Append('\n')
            .Append("status: ").Append(IncidentStatus.Draft).Append('\n')
            .Append("authors: [").Append(string.Join(", ", participants.Select(IncidentWriter.Quote))).Append("]\n")
            .Append("duration: ").Append(TextDurations.Format(last - first)).Append('\n')
            .Append("---\n\n## Summary\n\n## Impact\n\n## Timeline\n\n")
            .Append($"Drafted from the Slack export of #{channel}: {lines.Count} messages from {first.UtcDateTime:yyyy-MM-dd HH:mm} to {last.UtcDateTime:yyyy-MM-dd HH:mm} UTC. ")
            .Append("Check the marked key moments and cut what does not matter.\n");
        var timeline = new TimelineWriter(markdown, multiDay: first.UtcDateTime.Date != last.UtcDateTime.Date, notConverted);
        timeline.Write(lines);
        markdown.Append("\n## What differed between dev and prod\n\n## Root cause\n\n## How it got through\n\n## Detection\n\n## Resolution\n\n## Action items\n\n## Lessons learned\n");

        var marked = lines.Where(l => l.Moment is not null).Select(l => new MarkedMoment(l.Message.Time, l.Who, l.Moment!)).ToList();
        return new ChatDraft(id, markdown.ToString(), channel, first, last, lines.Count, participants, leftOut, notConverted, marked);
    }

    private static string ChooseChannel(SlackExport export, string? channel)
    {
        var known = string.Join(", ", export.Channels);
        if (channel is null)
        {
            return export.Channels.Count switch
            {
                1 => export.Channels[0],
                0 => throw new InvalidDataException("The export has no channel folder with messages (<channel>/<YYYY-MM-DD>.json)."),
                _ => throw new InvalidDataException($"The export has {export.Channels.Count} channels ({known}); choose one with --channel NAME."),
            };
        }
        var name = channel.TrimStart('#');
        return export.Channels.Contains(name)
            ? name
            : throw new InvalidDataException($"The export has no channel '{name}' with messages; it has: {(known.Length > 0 ? known : "none")}.");
    }

    /// <summary>
    /// Each message once, as last edited: a message_changed event replaces the text it changes, a message_deleted event
    /// removes its message, and a message that is in the export twice counts once.
    /// </summary>
    private static Dictionary<string, SlackMessage> LastVersions(IEnumerable<SlackMessage> all, Action<string> leave)
    {
        var byTs = new Dictionary<string, SlackMessage>(StringComparer.Ordinal);
        var changes = new List<SlackMessage>();
        var deletions = new List<string>();
        foreach (var message in all)
        {
            switch (message.Subtype)
            {
                case "message_changed" when message.Message?.Ts is not null:
                    changes.Add(message);
                    continue;
                case "message_deleted" when message.DeletedTs is not null:
                    deletions.Add(message.DeletedTs);
                    continue;
                case "tombstone":
                    leave(LeftOutReason.Deleted);
                    continue;
            }
            if (message.Ts is null || message.Type is not (null or "message")) continue;
            if (byTs.TryGetValue(message.Ts, out var seen))
            {
                leave(LeftOutReason.Duplicate);
                if (string.CompareOrdinal(seen.Edited?.Ts, message.Edited?.Ts) >= 0) continue;
            }
            byTs[message.Ts] = message;
        }
        foreach (var change in changes.OrderBy(c => c.Time))
        {
            var edited = change.Message!;
            byTs[edited.Ts!] = byTs.TryGetValue(edited.Ts!, out var original)
                ? original with { Text = edited.Text, Files = edited.Files ?? original.Files, Attachments = edited.Attachments ?? original.Attachments, Edited = edited.Edited }
                : edited;
        }
        foreach (var ts in deletions.Where(byTs.Remove)) leave(LeftOutReason.Deleted);
        return byTs;
    }

    private static string? LeftOutBySubtype(SlackMessage message) => message.Subtype switch
    {
        { } s when JoinsAndLeaves.Contains(s) => LeftOutReason.JoinOrLeave,
        { } s when Housekeeping.Contains(s) => LeftOutReason.ChannelEvent,
        _ when message.Hidden => LeftOutReason.Deleted,
        _ => null,
    };

    private static bool IsBot(SlackMessage message, IReadOnlyDictionary<string, SlackUser> users) =>
        message.Subtype == "bot_message" || message.User is { } user && users.TryGetValue(user, out var known) && known.IsBot ||
        message.User is null && message.BotId is not null;

    /// <summary>The message's text; a bot that says everything in attachments (an alert) is read from them.</summary>
    private static string Text(SlackMessage message, bool isBot)
    {
        var text = message.Text ?? "";
        if (!isBot && text.Length > 0 || message.Attachments is not { Count: > 0 } attachments) return text;
        var parts = attachments.SelectMany(a => new[] { a.Pretext, a.TitleLink is { } link && a.Title is { } title ? $"<{link}|{title}>" : a.Title, a.Text ?? a.Fallback });
        return string.Join("\n", new[] { text }.Concat(parts).Where(p => !string.IsNullOrWhiteSpace(p)));
    }

    private static string Who(SlackMessage message, IReadOnlyDictionary<string, SlackUser> users) =>
        message.User is { } id && users.TryGetValue(id, out var user) ? user.DisplayName
        : message.Username ?? message.User ?? message.BotId ?? "unknown";

    private string? MomentOf(string text, bool isBot, HashSet<string> firstOnlyMarked)
    {
        foreach (var moment in moments)
        {
            if (isBot && !moment.Bots || moment.FirstOnly && firstOnlyMarked.Contains(moment.Moment) || !moment.Matches(text)) continue;
            if (moment.FirstOnly) firstOnlyMarked.Add(moment.Moment);
            return moment.Moment;
        }
        return null;
    }

    private static DateTimeOffset TrimSeconds(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, TimeSpan.Zero);

    private static string Window(ChatDraftOptions options) =>
        options.From is null && options.To is null ? ""
        : $" between {options.From?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "the start"} and " +
          $"{options.To?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "the end"} UTC";

    internal sealed record Line(SlackMessage Message, string Who, string Text, string? Moment, bool IsBot);
}

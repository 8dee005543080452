using System.Globalization;
using System.Text;

namespace Postmortems.Core.Import.Chat;

/// <summary>
/// The Timeline's lines: one list item per message in time order, a thread's replies nested under their parent (a
/// reply whose parent is not in the draft stands on its own), the day written above its messages when the window
/// spans more than one day. A message's further lines are indented under it, so a code block or list stays in it.
/// </summary>
internal sealed class TimelineWriter(StringBuilder markdown, bool multiDay, List<string> notConverted)
{
    private DateTime? _day;

    public void Write(IReadOnlyList<ChatDraftBuilder.Line> lines)
    {
        var present = lines.Select(l => l.Message.Ts!).ToHashSet(StringComparer.Ordinal);
        var replies = lines.Where(l => l.Message.IsReply && present.Contains(l.Message.ThreadTs!))
            .GroupBy(l => l.Message.ThreadTs!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        if (!multiDay) markdown.Append('\n');
        foreach (var line in lines.Where(l => !(l.Message.IsReply && present.Contains(l.Message.ThreadTs!))))
        {
            WriteDay(line.Message.Time.UtcDateTime.Date);
            Item(line, indent: "");
            foreach (var reply in replies.GetValueOrDefault(line.Message.Ts!) ?? []) Item(reply, indent: "  ");
        }
    }

    private void WriteDay(DateTime day)
    {
        if (!multiDay || _day == day) return;
        _day = day;
        markdown.Append('\n').Append(day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)).Append(":\n\n");
    }

    private void Item(ChatDraftBuilder.Line line, string indent)
    {
        var time = line.Message.Time.UtcDateTime;
        var text = line.Text + string.Concat((line.Message.Files ?? []).Select(file => " " + FileLink(file, line)));
        var parts = text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        markdown.Append(indent).Append("- ").Append(time.ToString("HH:mm", CultureInfo.InvariantCulture)).Append(" (UTC) ")
            .Append(line.Who).Append(": ").Append(parts.FirstOrDefault());
        // On the first line: after a message's last line it could close a code block's fence and break it.
        if (line.Moment is not null) markdown.Append(" *(key moment: ").Append(line.Moment).Append(")*");
        markdown.Append('\n');
        foreach (var part in parts.Skip(1)) markdown.Append(indent).Append("  ").Append(part).Append('\n');
    }

    /// <summary>A link to a file shared in the channel; its content is not part of the export, which the report says.</summary>
    private string FileLink(SlackFile file, ChatDraftBuilder.Line line)
    {
        var name = file.Title ?? file.Name ?? "a file";
        var link = file.Permalink ?? file.UrlPrivate;
        notConverted.Add($"{line.Message.Time.UtcDateTime:yyyy-MM-dd HH:mm} {line.Who}: the file '{file.Name ?? name}'{(file.Mimetype is null ? "" : $" ({file.Mimetype})")} is linked, its content is not in the draft");
        return link is null ? $"(file: {name})" : $"[{name.Replace("[", "\\[").Replace("]", "\\]")}]({link})";
    }
}

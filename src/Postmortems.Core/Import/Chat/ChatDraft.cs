namespace Postmortems.Core.Import.Chat;

public sealed record ChatDraftOptions
{
    /// <summary>The channel to read; may be left out when the export has one channel.</summary>
    public string? Channel { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>The draft's id; by default the date of the first message and the channel's name.</summary>
    public string? Id { get; init; }
}

/// <summary>A key moment found in the timeline, for the person editing the draft to confirm.</summary>
public sealed record MarkedMoment(DateTimeOffset Time, string Who, string Moment);

/// <summary>A draft incident written from a chat export, and what was left out of it and why.</summary>
public sealed record ChatDraft(
    string Id,
    string Markdown,
    string Channel,
    DateTimeOffset First,
    DateTimeOffset Last,
    int Kept,
    IReadOnlyList<string> Participants,
    IReadOnlyDictionary<string, int> LeftOut,
    IReadOnlyList<string> NotConverted,
    IReadOnlyList<MarkedMoment> KeyMoments);

/// <summary>Why a message is not in the draft, as the report counts them.</summary>
public static class LeftOutReason
{
    public const string JoinOrLeave = "joined or left the channel";
    public const string ChannelEvent = "channel housekeeping (topic, pins, reminders, bots added)";
    public const string Bot = "bot or integration messages";
    public const string Deleted = "deleted";
    public const string Duplicate = "the same message twice in the export";
    public const string Empty = "empty";
    public const string OutsideWindow = "outside --from/--to";
}

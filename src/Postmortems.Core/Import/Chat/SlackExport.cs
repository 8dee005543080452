using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Postmortems.Core.Import.Chat;

/// <summary>
/// A Slack workspace or channel export as Slack documents it: <c>users.json</c>, <c>channels.json</c> (and
/// <c>groups.json</c> for private channels), and one <c>&lt;channel&gt;/&lt;YYYY-MM-DD&gt;.json</c> file of messages
/// per channel and day.
/// </summary>
public sealed partial class SlackExport
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };

    private readonly ExportFiles _files;
    private readonly string _root;

    private SlackExport(ExportFiles files, string root, IReadOnlyDictionary<string, SlackUser> users, IReadOnlyList<string> channels)
    {
        _files = files;
        _root = root;
        Users = users;
        Channels = channels;
    }

    /// <summary>Users by id.</summary>
    public IReadOnlyDictionary<string, SlackUser> Users { get; }

    /// <summary>The channels that have a folder of messages, by name.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <exception cref="InvalidDataException">Not a Slack export, or one of its files is not the JSON Slack writes.</exception>
    public static SlackExport Read(ExportFiles files)
    {
        var root = files.RootOf("users.json") ?? files.RootOf("channels.json")
            ?? throw new InvalidDataException($"{files.Source}: not a Slack export: no users.json or channels.json in it. " +
                                              "Export the workspace or channel from Slack (Settings, Import/Export data) and give the zip or its folder.");
        var users = files.Exists(root + "users.json")
            ? Deserialize<List<SlackUser>>(files, root + "users.json").Where(u => u.Id is not null).GroupBy(u => u.Id!).ToDictionary(g => g.Key, g => g.Last())
            : [];
        var listed = new[] { "channels.json", "groups.json" }.Where(f => files.Exists(root + f))
            .SelectMany(f => Deserialize<List<SlackChannel>>(files, root + f)).Select(c => c.Name).OfType<string>();
        var withMessages = files.Paths().Where(p => p.StartsWith(root, StringComparison.Ordinal))
            .Select(p => DayFile().Match(p[root.Length..])).Where(m => m.Success).Select(m => m.Groups["channel"].Value).ToHashSet(StringComparer.Ordinal);
        var channels = listed.Where(withMessages.Contains).Concat(withMessages).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new SlackExport(files, root, users, channels);
    }

    /// <summary>Every message of one channel, day file by day file, in the order the files list them.</summary>
    /// <exception cref="InvalidDataException">A day file is not a JSON list of messages.</exception>
    public IEnumerable<(string File, SlackMessage Message)> Messages(string channel)
    {
        var prefix = _root + channel + "/";
        foreach (var path in _files.Paths().Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && DayFile().IsMatch(p[_root.Length..])))
        {
            foreach (var message in Deserialize<List<SlackMessage>>(_files, path)) yield return (path, message);
        }
    }

    private static T Deserialize<T>(ExportFiles files, string path)
    {
        try
        {
            using var stream = files.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidDataException($"{files.Source}: {path} is empty (null).");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $":{line + 1}" : "";
            throw new InvalidDataException($"{files.Source}: {path}{where}: not the JSON a Slack export has ({e.Message}). Export again from Slack, or remove the file.", e);
        }
    }

    [GeneratedRegex(@"^(?<channel>[^/]+)/(?<day>\d{4}-\d{2}-\d{2})\.json$")]
    private static partial Regex DayFile();
}

public sealed record SlackUser(
    string? Id,
    string? Name,
    [property: JsonPropertyName("real_name")] string? RealName,
    SlackProfile? Profile,
    [property: JsonPropertyName("is_bot")] bool IsBot)
{
    /// <summary>What people see in the channel: the display name, else the full name, else the handle.</summary>
    public string DisplayName =>
        new[] { Profile?.DisplayName, Profile?.RealName, RealName, Name, Id }.First(n => !string.IsNullOrWhiteSpace(n))!.Trim();
}

public sealed record SlackProfile(
    [property: JsonPropertyName("display_name")] string? DisplayName,
    [property: JsonPropertyName("real_name")] string? RealName);

public sealed record SlackChannel(string? Id, string? Name);

public sealed record SlackMessage
{
    public string? Type { get; init; }
    public string? Subtype { get; init; }
    public string? User { get; init; }
    public string? Text { get; init; }
    public string? Ts { get; init; }
    [JsonPropertyName("thread_ts")] public string? ThreadTs { get; init; }
    [JsonPropertyName("bot_id")] public string? BotId { get; init; }
    public string? Username { get; init; }
    public SlackEdit? Edited { get; init; }
    public bool Hidden { get; init; }
    /// <summary>A message_changed event's new version of the message.</summary>
    public SlackMessage? Message { get; init; }
    /// <summary>The message a message_deleted event removes.</summary>
    [JsonPropertyName("deleted_ts")] public string? DeletedTs { get; init; }
    public List<SlackFile>? Files { get; init; }
    public List<SlackAttachment>? Attachments { get; init; }

    public DateTimeOffset Time => ParseTs(Ts);

    public bool IsReply => ThreadTs is not null && ThreadTs != Ts;

    public static DateTimeOffset ParseTs(string? ts) =>
        decimal.TryParse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : DateTimeOffset.MinValue;
}

public sealed record SlackEdit(string? User, string? Ts);

public sealed record SlackFile(
    string? Name,
    string? Title,
    string? Mimetype,
    string? Permalink,
    [property: JsonPropertyName("url_private")] string? UrlPrivate);

public sealed record SlackAttachment(
    string? Fallback,
    string? Pretext,
    string? Title,
    [property: JsonPropertyName("title_link")] string? TitleLink,
    string? Text);

using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace Postmortems.Tests;

/// <summary>
/// Builds Slack exports to the format Slack documents: users.json, channels.json and one
/// &lt;channel&gt;/&lt;YYYY-MM-DD&gt;.json list of messages per channel and day (a message's day is its UTC date).
/// </summary>
public sealed class SlackExportBuilder
{
    private readonly List<Dictionary<string, object?>> _users = [];
    private readonly List<Dictionary<string, object?>> _channels = [];
    private readonly Dictionary<(string Channel, string Day), List<Dictionary<string, object?>>> _days = [];

    public SlackExportBuilder User(string id, string name, string? displayName = null, string? realName = null, bool isBot = false)
    {
        _users.Add(new()
        {
            ["id"] = id, ["name"] = name, ["real_name"] = realName ?? name, ["is_bot"] = isBot, ["deleted"] = false,
            ["profile"] = new Dictionary<string, object?> { ["display_name"] = displayName ?? "", ["real_name"] = realName ?? name },
        });
        return this;
    }

    public SlackExportBuilder Channel(string id, string name)
    {
        _channels.Add(new() { ["id"] = id, ["name"] = name, ["created"] = 1700000000, ["is_general"] = name == "general", ["members"] = _users.Select(u => u["id"]).ToList() });
        return this;
    }

    /// <summary>Adds a message (extra keys as Slack writes them: subtype, thread_ts, edited, files, ...) and returns its ts.</summary>
    public string Message(string channel, DateTimeOffset time, string? user, string text, Dictionary<string, object?>? extra = null)
    {
        var message = new Dictionary<string, object?> { ["type"] = "message", ["ts"] = Ts(time), ["text"] = text };
        if (user is not null) message["user"] = user;
        foreach (var (key, value) in extra ?? []) message[key] = value;
        Add(channel, time, message);
        return (string)message["ts"]!;
    }

    /// <summary>Adds an event as it is, in the day file of <paramref name="time"/>.</summary>
    public void Raw(string channel, DateTimeOffset time, Dictionary<string, object?> message) => Add(channel, time, message);

    private void Add(string channel, DateTimeOffset time, Dictionary<string, object?> message)
    {
        var key = (channel, time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (!_days.TryGetValue(key, out var list)) _days[key] = list = [];
        list.Add(message);
    }

    public static string Ts(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000m).ToString("0.000", CultureInfo.InvariantCulture) + "100";

    public string WriteFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "users.json"), JsonSerializer.Serialize(_users));
        File.WriteAllText(Path.Combine(folder, "channels.json"), JsonSerializer.Serialize(_channels));
        foreach (var ((channel, day), messages) in _days)
        {
            Directory.CreateDirectory(Path.Combine(folder, channel));
            File.WriteAllText(Path.Combine(folder, channel, day + ".json"), JsonSerializer.Serialize(messages, new JsonSerializerOptions { WriteIndented = true }));
        }
        return folder;
    }

    /// <summary>The zip Slack downloads: the same files, under one top folder as when a folder is compressed.</summary>
    public string WriteZip(string zipPath)
    {
        var folder = Path.Combine(Path.GetTempPath(), "postmortems-slack-" + Guid.NewGuid().ToString("N"));
        try
        {
            WriteFolder(Path.Combine(folder, "Acme Slack export Mar 14 2025 - Mar 16 2025"));
            if (File.Exists(zipPath)) File.Delete(zipPath);
            ZipFile.CreateFromDirectory(folder, zipPath, CompressionLevel.Fastest, includeBaseDirectory: false);
            return zipPath;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>The exports the tests and the benchmark read.</summary>
public static class SlackExports
{
    public static readonly DateTimeOffset Start = new(2025, 3, 14, 14, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(int day, int hour, int minute, int second = 0) => new(2025, 3, 14 + day, hour, minute, second, TimeSpan.Zero);

    /// <summary>
    /// An incident channel over three days beside a second channel: a bot alert, a thread, an edit in place and one by
    /// a message_changed event, a deletion, a tombstone, joins, a topic change, reactions, a shared file, a message
    /// exported twice, a mention of a user not in users.json.
    /// </summary>
    public static SlackExportBuilder Incident()
    {
        var export = new SlackExportBuilder()
            .User("U01", "alice", displayName: "alice")
            .User("U02", "bstone", realName: "Bob Stone")
            .User("U03", "carol", displayName: "carol.w", realName: "Carol White")
            .User("U0BOT", "alertmanager", isBot: true)
            .Channel("C01", "inc-checkout")
            .Channel("C02", "general");
        const string c = "inc-checkout";
        export.Message(c, At(0, 14, 0), "U01", "<@U01> has joined the channel", new() { ["subtype"] = "channel_join" });
        export.Message(c, At(0, 14, 2, 5), null, "", new()
        {
            ["subtype"] = "bot_message", ["bot_id"] = "B01", ["username"] = "PagerDuty",
            ["attachments"] = new[] { new Dictionary<string, object?> { ["fallback"] = "Triggered: checkout p99 latency above 2s", ["text"] = "Triggered: checkout p99 latency above 2s" } },
        });
        export.Message(c, At(0, 14, 3, 10), "U01", "Looking at checkout, p99 is climbing <https://grafana.example.com/d/checkout|latency dashboard>",
            new() { ["reactions"] = new[] { new Dictionary<string, object?> { ["name"] = "eyes", ["users"] = new[] { "U02" }, ["count"] = 1 } } });
        var parent = export.Message(c, At(0, 14, 4), "U02", "v412 was deployed to 100% at 13:58, could be it", new() { ["reply_count"] = 2 });
        export.Message(c, At(0, 14, 5), "U03", "<@U02> the pool size variable was renamed in v412", new() { ["thread_ts"] = parent, ["parent_user_id"] = "U02" });
        export.Message(c, At(0, 14, 6, 30), "U02", "Confirmed, POOL_SIZE is unset in production",
            new() { ["thread_ts"] = parent, ["parent_user_id"] = "U02", ["edited"] = new Dictionary<string, object?> { ["user"] = "U02", ["ts"] = SlackExportBuilder.Ts(At(0, 14, 7)) } });
        export.Message(c, At(0, 14, 7), "U0BOT", "Firing: checkout 5xx rate high", new() { ["bot_id"] = "B02" });
        export.Message(c, At(0, 14, 8), "U03", "Unrelated chatter about lunch plans");
        var deleted = At(0, 14, 8);
        export.Raw(c, At(0, 14, 8, 30), new() { ["type"] = "message", ["subtype"] = "message_deleted", ["hidden"] = true, ["deleted_ts"] = SlackExportBuilder.Ts(deleted), ["ts"] = SlackExportBuilder.Ts(At(0, 14, 8, 30)) });
        export.Message(c, At(0, 14, 9), "U01", "Rolling back to v411 now :rewind:");
        var typo = export.Message(c, At(0, 14, 12), "U02", "rollbak finihsed");
        export.Raw(c, At(0, 14, 13), new()
        {
            ["type"] = "message", ["subtype"] = "message_changed", ["hidden"] = true, ["ts"] = SlackExportBuilder.Ts(At(0, 14, 13)),
            ["message"] = new Dictionary<string, object?>
            {
                ["type"] = "message", ["user"] = "U02", ["text"] = "Rollback finished, latency recovering", ["ts"] = typo,
                ["edited"] = new Dictionary<string, object?> { ["user"] = "U02", ["ts"] = SlackExportBuilder.Ts(At(0, 14, 13)) },
            },
            ["previous_message"] = new Dictionary<string, object?> { ["type"] = "message", ["user"] = "U02", ["text"] = "rollbak finihsed", ["ts"] = typo },
        });
        export.Message(c, At(0, 14, 15), "U03", "set the channel topic: SEV2 checkout latency", new() { ["subtype"] = "channel_topic", ["topic"] = "SEV2 checkout latency" });
        export.Message(c, At(0, 14, 20), "U01", "Latency graph during the rollback", new()
        {
            ["subtype"] = "file_share",
            ["files"] = new[] { new Dictionary<string, object?> { ["id"] = "F01", ["name"] = "p99.png", ["title"] = "p99 graph", ["mimetype"] = "image/png", ["permalink"] = "https://acme.slack.com/files/U01/F01/p99.png" } },
        });
        var twice = At(0, 14, 30);
        export.Message(c, twice, "U03", "Queue depth is draining steadily");
        export.Message(c, twice, "U03", "Queue depth is draining steadily");
        export.Message(c, At(0, 14, 47), "U01", "Mitigated: error rate is back to baseline\n```\nerrors/min: 3\n```");
        export.Message(c, At(0, 14, 50), "U01", "This message was deleted.", new() { ["subtype"] = "tombstone", ["hidden"] = true });
        export.Message(c, At(1, 9, 0), "U03", "Root cause: POOL_SIZE was renamed to DB_POOL_SIZE; <@U99> please check the config review");
        export.Message(c, At(1, 9, 30), "U01", "Resolved, closing the incident. Postmortem owner <@U02> &amp; <#C02|general> FYI <!here>");
        export.Message(c, At(2, 10, 0), "U02", "Draft postmortem is up for review");
        export.Message(c, At(2, 10, 5), "U03", "<@U03> has left the channel", new() { ["subtype"] = "channel_leave" });

        export.Message("general", At(0, 14, 5), "U02", "Is checkout slow for anyone else?");
        export.Message("general", At(1, 8, 0), "U01", "Standup moved to eleven");
        return export;
    }

    /// <summary>The text of every message of <see cref="Incident"/> that belongs in the draft.</summary>
    public static readonly string[] IncidentKept =
    [
        "Triggered: checkout p99 latency above 2s",
        "Looking at checkout, p99 is climbing <https://grafana.example.com/d/checkout|latency dashboard>",
        "v412 was deployed to 100% at 13:58, could be it",
        "<@U02> the pool size variable was renamed in v412",
        "Confirmed, POOL_SIZE is unset in production",
        "Rolling back to v411 now :rewind:",
        "Rollback finished, latency recovering",
        "Latency graph during the rollback",
        "Queue depth is draining steadily",
        "Mitigated: error rate is back to baseline\n```\nerrors/min: 3\n```",
        "Root cause: POOL_SIZE was renamed to DB_POOL_SIZE; <@U99> please check the config review",
        "Resolved, closing the incident. Postmortem owner <@U02> &amp; <#C02|general> FYI <!here>",
        "Draft postmortem is up for review",
    ];

    /// <summary>A busy channel: <paramref name="count"/> messages over <paramref name="days"/> days, a tenth of them thread replies, some edited.</summary>
    public static SlackExportBuilder Busy(int count, int days)
    {
        var export = new SlackExportBuilder();
        for (var u = 0; u < 12; u++) export.User($"U{u:00}", $"engineer{u}", displayName: $"engineer{u}");
        export.Channel("C01", "inc-busy");
        var span = TimeSpan.FromDays(days).TotalSeconds;
        var parents = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var time = Start.AddSeconds(span * i / count);
            var user = $"U{i % 12:00}";
            var text = $"message {i}: checking <@U{(i + 1) % 12:00}> dashboards and logs <https://logs.example.com/q/{i}|query {i}>";
            if (i % 10 == 5 && parents.Count > 0)
                export.Message("inc-busy", time, user, text, new() { ["thread_ts"] = parents[^1] });
            else
            {
                var ts = export.Message("inc-busy", time, user, text, i % 7 == 0 ? new() { ["edited"] = new Dictionary<string, object?> { ["user"] = user, ["ts"] = SlackExportBuilder.Ts(time.AddSeconds(5)) } } : null);
                if (i % 10 == 0) parents.Add(ts);
            }
        }
        return export;
    }
}

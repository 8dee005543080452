using System.Text.RegularExpressions;
using Postmortems.Core.Format;
using Postmortems.Core.Import.Chat;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Import.Chat;

public sealed partial class ChatDraftTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ChatDraftBuilder _builder = new(KeyMoments.Load(TestPaths.Content));

    public void Dispose() => _temp.Dispose();

    private ChatDraft Draft(SlackExportBuilder export, ChatDraftOptions options, bool zip = false)
    {
        var path = zip ? export.WriteZip(_temp.Combine("export.zip")) : export.WriteFolder(_temp.Combine("export"));
        using var files = ExportFiles.Open(path);
        return _builder.Build(SlackExport.Read(files), options);
    }

    private static IReadOnlyList<string> TimelineLines(string markdown) =>
        markdown.Split('\n').SkipWhile(l => l != "## Timeline").TakeWhile(l => l != "## What differed between dev and prod")
            .Where(l => TimelineItem().IsMatch(l)).ToList();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_channel_becomes_a_draft_with_its_timeline_date_duration_and_authors(bool zip)
    {
        var draft = Draft(SlackExports.Incident(), new ChatDraftOptions { Channel = "inc-checkout" }, zip);

        var document = IncidentDocument.Parse(draft.Markdown, draft.Id + ".md");
        var incident = document.Incident;
        Assert.Equal("2025-03-14-inc-checkout", incident.Id);
        Assert.Equal(IncidentStatus.Draft, incident.Status);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 14, 2, 0, TimeSpan.Zero), incident.Date);
        Assert.Equal("1d19h57m", incident.Duration);
        Assert.Equal(["alice", "Bob Stone", "carol.w"], incident.Authors);
        Assert.DoesNotContain(new IncidentValidator(Samples.Taxonomy.Value).Validate(document), p => !p.IsWarning);
        Assert.Equal(
        [
            "- 14:02 (UTC) PagerDuty: Triggered: checkout p99 latency above 2s *(key moment: first alert)*",
            "- 14:03 (UTC) alice: Looking at checkout, p99 is climbing [latency dashboard](https://grafana.example.com/d/checkout)",
            "- 14:04 (UTC) Bob Stone: v412 was deployed to 100% at 13:58, could be it *(key moment: deployed)*",
            "  - 14:05 (UTC) carol.w: @Bob Stone the pool size variable was renamed in v412",
            "  - 14:06 (UTC) Bob Stone: Confirmed, POOL_SIZE is unset in production",
            "- 14:09 (UTC) alice: Rolling back to v411 now :rewind: *(key moment: rolled back)*",
            "- 14:12 (UTC) Bob Stone: Rollback finished, latency recovering *(key moment: rolled back)*",
            "- 14:20 (UTC) alice: Latency graph during the rollback [p99 graph](https://acme.slack.com/files/U01/F01/p99.png) *(key moment: rolled back)*",
            "- 14:30 (UTC) carol.w: Queue depth is draining steadily",
            "- 14:47 (UTC) alice: Mitigated: error rate is back to baseline *(key moment: mitigated)*",
            "- 09:00 (UTC) carol.w: Root cause: POOL_SIZE was renamed to DB_POOL_SIZE; @U99 please check the config review *(key moment: root cause found)*",
            "- 09:30 (UTC) alice: Resolved, closing the incident. Postmortem owner @Bob Stone &amp; #general FYI @here *(key moment: resolved)*",
            "- 10:00 (UTC) Bob Stone: Draft postmortem is up for review",
        ], TimelineLines(draft.Markdown));
        Assert.Contains("Friday 14 March 2025:", draft.Markdown);
        Assert.Contains("Saturday 15 March 2025:", draft.Markdown);
        Assert.Contains("- 14:47 (UTC) alice: Mitigated: error rate is back to baseline *(key moment: mitigated)*\n  ```\n  errors/min: 3\n  ```\n", draft.Markdown);
    }

    [Fact]
    public void What_was_left_out_and_what_was_not_converted_is_reported()
    {
        var draft = Draft(SlackExports.Incident(), new ChatDraftOptions { Channel = "inc-checkout" });

        Assert.Equal(13, draft.Kept);
        Assert.Equal(2, draft.LeftOut[LeftOutReason.JoinOrLeave]);
        Assert.Equal(1, draft.LeftOut[LeftOutReason.Bot]);
        Assert.Equal(2, draft.LeftOut[LeftOutReason.Deleted]);
        Assert.Equal(1, draft.LeftOut[LeftOutReason.Duplicate]);
        Assert.Equal(1, draft.LeftOut[LeftOutReason.ChannelEvent]);
        Assert.Contains("user id U99: not in users.json, kept as @U99", draft.NotConverted);
        Assert.Contains(draft.NotConverted, n => n.Contains("'p99.png' (image/png) is linked, its content is not in the draft", StringComparison.Ordinal));
        Assert.Equal(["first alert", "deployed", "rolled back", "rolled back", "rolled back", "mitigated", "root cause found", "resolved"], draft.KeyMoments.Select(m => m.Moment));
    }

    [Fact]
    public void Every_word_of_every_kept_message_is_in_the_draft_and_nothing_left_out_is()
    {
        var draft = Draft(SlackExports.Incident(), new ChatDraftOptions { Channel = "inc-checkout" });
        var draftWords = Words(draft.Markdown).ToHashSet(StringComparer.Ordinal);
        var names = new Dictionary<string, string> { ["U01"] = "alice", ["U02"] = "Bob Stone", ["U03"] = "carol.w", ["U99"] = "U99" };

        foreach (var message in SlackExports.IncidentKept)
        {
            // What a person sees in Slack: a mention shows the name, a channel reference its name.
            var shown = Mention().Replace(ChannelReference().Replace(message, "<#"), m => names[m.Groups[1].Value]);
            var missing = Words(shown).Where(w => !draftWords.Contains(w) && !draft.NotConverted.Any(n => n.Contains(w, StringComparison.Ordinal))).ToList();
            Assert.True(missing.Count == 0, $"'{message}': not in the draft: {string.Join(", ", missing)}");
        }
        foreach (var leftOut in new[] { "joined", "lunch", "Firing", "topic", "This message was deleted", "finihsed", "Standup", "anyone" })
            Assert.DoesNotContain(leftOut, draft.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_window_keeps_only_the_messages_between_from_and_to()
    {
        var draft = Draft(SlackExports.Incident(), new ChatDraftOptions { Channel = "#inc-checkout", From = SlackExports.At(0, 14, 4), To = SlackExports.At(0, 14, 12), Id = "checkout-latency" });

        Assert.Equal("checkout-latency", draft.Id);
        Assert.Equal((SlackExports.At(0, 14, 4), SlackExports.At(0, 14, 12)), (draft.First, draft.Last));
        Assert.Equal("8m", IncidentDocument.Parse(draft.Markdown).Incident.Duration);
        Assert.DoesNotContain("March 2025:", draft.Markdown);
        // The first alert in the window is the one marked, though an earlier one is outside it.
        Assert.Equal(6, TimelineLines(draft.Markdown).Count);
        Assert.Contains("- 14:07 (UTC) alertmanager: Firing: checkout 5xx rate high *(key moment: first alert)*", draft.Markdown);
    }

    [Fact]
    public void A_busy_channel_is_in_time_order_with_no_message_twice()
    {
        var draft = Draft(SlackExports.Busy(2_000, 2), new ChatDraftOptions());
        var lines = TimelineLines(draft.Markdown);

        Assert.Equal(2_000, lines.Count);
        var numbers = lines.Select(l => int.Parse(MessageNumber().Match(l).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        var topLevel = lines.Where(l => l.StartsWith('-')).Select(l => l[2..7]).ToList();
        var days = draft.Markdown.Split('\n').Where(l => l.EndsWith("2025:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Friday 14 March 2025:", "Saturday 15 March 2025:", "Sunday 16 March 2025:"], days);
        Assert.Equal(numbers.Where((_, i) => lines[i].StartsWith('-')), numbers.Where((_, i) => lines[i].StartsWith('-')).Order());
        Assert.True(topLevel.Count > 1_500);
    }

    [Theory]
    [InlineData(null, "choose one with --channel NAME")]
    [InlineData("war-room", "has no channel 'war-room' with messages; it has: general, inc-checkout")]
    public void A_channel_that_cannot_be_chosen_is_a_clear_error(string? channel, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Draft(SlackExports.Incident(), new ChatDraftOptions { Channel = channel }));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_is_not_a_slack_export_is_a_clear_error()
    {
        Directory.CreateDirectory(_temp.Combine("notes"));
        File.WriteAllText(_temp.Combine("notes", "a.md"), "# notes");
        using var files = ExportFiles.Open(_temp.Combine("notes"));
        var error = Assert.Throws<InvalidDataException>(() => SlackExport.Read(files));
        Assert.Contains("not a Slack export: no users.json or channels.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_day_file_that_is_not_json_names_the_file_and_line()
    {
        var folder = SlackExports.Incident().WriteFolder(_temp.Combine("export"));
        File.WriteAllText(Path.Combine(folder, "inc-checkout", "2025-03-15.json"), "[\n{\"ts\": \"1\",,}");
        using var files = ExportFiles.Open(folder);
        var error = Assert.Throws<InvalidDataException>(() => _builder.Build(SlackExport.Read(files), new ChatDraftOptions { Channel = "inc-checkout" }));
        Assert.Contains("inc-checkout/2025-03-15.json:2: not the JSON a Slack export has", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Words(string text) => Word().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"<@(U\w+)>")]
    private static partial Regex Mention();

    [GeneratedRegex(@"<#C\w+\|")]
    private static partial Regex ChannelReference();

    [GeneratedRegex(@"^\s*- \d\d:\d\d \(UTC\) ")]
    private static partial Regex TimelineItem();

    [GeneratedRegex(@"message (\d+):")]
    private static partial Regex MessageNumber();
}

using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

public sealed class DraftFromChatCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_slack_export_zip_becomes_a_stored_draft_and_the_report_says_what_was_left_out()
    {
        var data = _temp.Combine("data");
        var zip = SlackExports.Incident().WriteZip(_temp.Combine("slack.zip"));

        var result = CliRunner.Run("--data", data, "draft-from-chat", zip, "--channel", "inc-checkout", "--author", "alice");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("#inc-checkout: 13 message(s) from 2025-03-14 14:02 to 2025-03-16 10:00 UTC, by 3 people (alice, Bob Stone, carol.w).", result.Output);
        Assert.Contains("Left out 2: joined or left the channel.", result.Output);
        Assert.Contains("Not converted: user id U99: not in users.json, kept as @U99.", result.Output);
        Assert.Contains("Key moment? 2025-03-14 14:02 PagerDuty: first alert", result.Output);
        Assert.Contains("Stored the draft '2025-03-14-inc-checkout'", result.Output);
        using var store = new IncidentStore(data, "tests");
        var stored = store.Get("2025-03-14-inc-checkout")!;
        Assert.Equal(IncidentStatus.Draft, stored.Status);
        Assert.Contains("- 14:09 (UTC) alice: Rolling back to v411 now", stored.Markdown);
    }

    [Fact]
    public void A_draft_never_replaces_a_stored_incident()
    {
        var data = _temp.Combine("data");
        var folder = SlackExports.Incident().WriteFolder(_temp.Combine("slack"));
        Assert.Equal(0, CliRunner.Run("--data", data, "draft-from-chat", folder, "--channel", "inc-checkout").ExitCode);

        var again = CliRunner.Run("--data", data, "draft-from-chat", folder, "--channel", "inc-checkout");

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("An incident '2025-03-14-inc-checkout' is already stored; nothing was written. Give the draft another id with --id", again.Error);
    }

    [Fact]
    public void Output_dash_prints_the_draft_for_a_window_and_stores_nothing()
    {
        var data = _temp.Combine("data");
        var folder = SlackExports.Incident().WriteFolder(_temp.Combine("slack"));

        var result = CliRunner.Run("--data", data, "draft-from-chat", folder, "--channel", "inc-checkout", "--from", "2025-03-15", "--to", "2025-03-15", "--id", "pool-rename", "--output", "-");

        Assert.Equal(0, result.ExitCode);
        var incident = IncidentDocument.Parse(result.Output).Incident;
        Assert.Equal(("pool-rename", "30m"), (incident.Id, incident.Duration));
        Assert.Contains("- 09:30 (UTC) alice: Resolved", result.Output);
        Assert.DoesNotContain("Draft postmortem is up for review", result.Output);
        Assert.Contains("Left out 15: outside --from/--to.", result.Error);
        Assert.False(Directory.Exists(data));
    }

    [Theory]
    [InlineData("--from", "yesterday", "--from 'yesterday' is not a time: write YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC).")]
    [InlineData("--id", "Not A Slug", "'Not A Slug' is not an id: use lowercase letters, digits and dashes only, for example 'not-a-slug'.")]
    [InlineData("--channel", "nope", "The export has no channel 'nope' with messages; it has: general, inc-checkout.")]
    public void Bad_options_are_clear_errors(string option, string value, string message)
    {
        var folder = SlackExports.Incident().WriteFolder(_temp.Combine("slack"));
        string[] channel = option == "--channel" ? [] : ["--channel", "inc-checkout"];

        var result = CliRunner.Run(["--data", _temp.Combine("data"), "draft-from-chat", folder, .. channel, option, value, "--output", "-"]);

        Assert.Equal((2, $"error: {message}\n"), (result.ExitCode, result.Error));
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_a_clear_error()
    {
        File.WriteAllText(_temp.Combine("notes.txt"), "hello");

        var result = CliRunner.Run("--data", _temp.Combine("data"), "draft-from-chat", _temp.Combine("notes.txt"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("notes.txt: not a zip file", result.Error);
    }
}

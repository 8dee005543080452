using System.Globalization;
using System.Text.Json;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

public sealed class ActionsCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Day(int fromToday) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(fromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The retro fixture (every open item of it is long overdue) and an incident with items due around today.</summary>
    private string Data()
    {
        var data = _temp.Combine("data");
        using var store = new IncidentStore(data, "tests");
        foreach (var text in RetroIncidents.Incidents) store.Save(IncidentDocument.Parse(text, "fixture.md"), "tests");
        store.Save(IncidentDocument.Parse(RetroIncidents.Incident("z-soon", "2025-08-01", "sev2", "alerting", "scale", "platform", "checkout", "published",
            $"- [ ] Due in three days @Zoe due:{Day(3)} gap:alerting",
            $"- [ ] Due in a month @zoe due:{Day(30)}",
            $"- [x] Done already @zoe due:{Day(1)}",
            "- [ ] Someday, maybe"), "z.md"), "tests");
        return data;
    }

    private static List<string> Texts(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()!).ToList();

    [Fact]
    public void Overdue_lists_open_items_due_before_today_earliest_first_as_json()
    {
        var result = CliRunner.Run("--data", Data(), "actions", "--overdue", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Draft item", "Load test the batch", "Alert on pool saturation", "Review config renames", "Name the gap"], Texts(result.Output));
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal((5, 5), (root.GetProperty("total").GetInt32(), root.GetProperty("overdue").GetInt32()));
        var first = root.GetProperty("items")[0];
        Assert.Equal(("d-draft", "bob", "2025-01-01", true, false),
            (first.GetProperty("incidentId").GetString(), first.GetProperty("owner").GetString(), first.GetProperty("due").GetString(),
             first.GetProperty("overdue").GetBoolean(), first.GetProperty("candidate").GetBoolean()));
    }

    [Fact]
    public void Due_within_owner_and_team_narrow_the_list()
    {
        var data = Data();

        Assert.Equal(["Due in three days"], Texts(CliRunner.Run("--data", data, "actions", "--due-within", "7d", "--json").Output));
        Assert.Equal(["Due in three days", "Due in a month"], Texts(CliRunner.Run("--data", data, "actions", "--due-within", "5w", "--owner", "ZOE", "--json").Output));
        Assert.Equal(["Draft item", "Load test the batch"], Texts(CliRunner.Run("--data", data, "actions", "--overdue", "--due-within", "7", "--owner", "bob", "--json").Output));
        Assert.Equal("Due in three days", Texts(CliRunner.Run("--data", data, "actions", "--overdue", "--due-within", "7", "--json").Output)[^1]);
        Assert.Equal(["Name the gap"], Texts(CliRunner.Run("--data", data, "actions", "--team", "ORDERS", "--json").Output));
        // Every open item; those without a due date last, the newest incident's first.
        var all = Texts(CliRunner.Run("--data", data, "actions", "--json").Output);
        Assert.Equal(9, all.Count);
        Assert.Equal(["Someday, maybe", "Write the runbook"], all[^2..]);
    }

    [Fact]
    public void Markdown_and_text_print_task_lines_and_an_empty_list_still_exits_0()
    {
        var data = Data();

        var markdown = CliRunner.Run("--data", data, "actions", "--overdue", "--owner", "erin", "--markdown");
        var text = CliRunner.Run("--data", data, "actions", "--due-within", "7d");
        var none = CliRunner.Run("--data", data, "actions", "--owner", "nobody");

        Assert.Equal(0, markdown.ExitCode);
        Assert.Contains("- [ ] **overdue** Alert on pool saturation @erin due:2025-06-01 gap:alerting ([c-load](incidents/c-load))", markdown.Output);
        Assert.Contains($"{Day(3)}", text.Output);
        Assert.Contains("@Zoe", text.Output);
        Assert.Contains("z-soon  gap:alerting", text.Output);
        Assert.Equal((0, "No open action item matches."), (none.ExitCode, none.Output.Trim()));
    }

    [Theory]
    [InlineData("--due-within", "soon", "--due-within takes a number of days such as 7d, 2w or 10 (got 'soon')")]
    [InlineData("--json", "--markdown", "--json and --markdown cannot be used together")]
    public void Bad_options_exit_2_with_a_clear_error(string first, string second, string message)
    {
        var result = CliRunner.Run("--data", _temp.Combine("data"), "actions", first, second);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }
}

using Postmortems.Core.Format;

namespace Postmortems.Core.Tests;

public class IncidentDocumentTests
{
    [Fact]
    public void Reads_every_front_matter_field()
    {
        var incident = IncidentDocument.Parse(Samples.Complete).Incident;

        Assert.Equal("2025-03-14-checkout-pool-exhaustion", incident.Id);
        Assert.Equal("Checkout timed out when the pool size fell back to the dev default", incident.Title);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 14, 2, 0, TimeSpan.Zero), incident.Date);
        Assert.Equal("sev2", incident.Severity);
        Assert.Equal(IncidentStatus.Published, incident.Status);
        Assert.Equal(["checkout", "payments-db"], incident.Services);
        Assert.Equal(["payments"], incident.Teams);
        Assert.Equal(["config", "scale"], incident.Differences);
        Assert.Equal([new GapLink("load-testing", "no load test ran checkout with a prod-sized pool"), new GapLink("config-review", null)], incident.Gaps);
        Assert.Equal("alert", incident.DetectedBy);
        Assert.Equal("47m", incident.Duration);
        Assert.Equal(["postgres", "connection-pool"], incident.Tags);
    }

    [Fact]
    public void Reads_sections_in_order_with_their_heading_lines()
    {
        var document = IncidentDocument.Parse(Samples.Complete);

        Assert.Equal(StandardSections.InOrder, document.Incident.Sections.Select(s => s.Title));
        var summary = document.Incident.Section("summary")!;
        Assert.Equal(20, summary.Line);
        Assert.Equal("Checkout timed out for 47 minutes.", summary.Markdown);
        Assert.Equal("- 14:02 deploy v412 reaches 100%\n- 14:49 pool size restored", document.Incident.Section("Timeline")!.Markdown);
    }

    [Fact]
    public void Reads_action_items_with_their_tokens_and_lines()
    {
        var items = IncidentDocument.Parse(Samples.Complete).Incident.ActionItems;

        Assert.Equal(2, items.Count);
        Assert.Equal(new ActionItem("Add a load test for checkout at prod pool size", false, "bob", new DateOnly(2025, 4, 1), "2025-04-01", "load-testing", 55), items[0]);
        Assert.Equal(new ActionItem("Make pool size a required setting with no default", true, "carol", null, null, null, 56), items[1]);
    }

    [Fact]
    public void Action_items_inside_code_blocks_or_other_sections_are_not_action_items()
    {
        var text = Samples.Complete
            .WithLine("Defaults hide renames.", "- [ ] not an action item @zoe")
            .WithLine("- [x] Make pool size", "```\n- [ ] in a code block\n```\n- [x] Make pool size");

        var items = IncidentDocument.Parse(text).Incident.ActionItems;

        Assert.Equal(["Add a load test for checkout at prod pool size", "Make pool size a required setting with no default"], items.Select(i => i.Text));
    }

    [Fact]
    public void A_bad_due_date_is_a_problem_on_its_line()
    {
        var document = IncidentDocument.Parse(Samples.Complete.WithLine("due:2025-04-01", "due:April"));

        var problem = Assert.Single(document.Problems);
        Assert.Equal(55, problem.Line);
        Assert.Contains("due:April", problem.Message);
        Assert.Contains("due:YYYY-MM-DD", problem.Fix);
    }

    [Fact]
    public void Crlf_line_ends_read_the_same_fields_and_keep_the_text()
    {
        var crlf = Samples.Complete.Replace("\n", "\r\n");

        var lf = IncidentDocument.Parse(Samples.Complete).Incident;
        var document = IncidentDocument.Parse(crlf);

        Assert.Empty(document.Problems);
        Assert.Equal(crlf, document.ToMarkdown());
        Assert.Equal(Comparable(lf), Comparable(document.Incident));
    }

    [Fact]
    public void A_byte_order_mark_is_kept_and_does_not_shift_lines()
    {
        var withBom = "\uFEFF" + Samples.Complete;

        var document = IncidentDocument.Parse(withBom);

        Assert.Equal(withBom, document.ToMarkdown());
        Assert.Equal("2025-03-14-checkout-pool-exhaustion", document.Incident.Id);
        Assert.Equal(20, document.Incident.Section("Summary")!.Line);
        Assert.Equal(2, document.LineOf("id"));
    }

    [Fact]
    public void A_front_matter_without_closing_fence_is_reported_and_nothing_is_dropped()
    {
        var text = "---\nid: x\ntitle: Unclosed\n\n## Summary\n\nText.\n";

        var document = IncidentDocument.Parse(text);

        var problem = Assert.Single(document.Problems);
        Assert.Equal(1, problem.Line);
        Assert.Contains("never closed", problem.Message);
        Assert.Equal(text, document.ToMarkdown());
        Assert.Equal("Text.", document.Incident.Section("Summary")!.Markdown);
    }

    [Fact]
    public void Empty_values_read_as_missing()
    {
        var text = "---\nid: a\ntitle: t\nseverity:\nservices:\ntags: []\ngaps:\nduration: ~\n---\n";

        var incident = IncidentDocument.Parse(text).Incident;

        Assert.Null(incident.Severity);
        Assert.Null(incident.Duration);
        Assert.Empty(incident.Services);
        Assert.Empty(incident.Tags);
        Assert.Empty(incident.Gaps);
    }

    [Fact]
    public void Unknown_keys_are_kept_with_their_yaml()
    {
        var text = Samples.Complete.WithLine("detected-by: alert", "jira: OPS-123\ndetected-by: alert\nreviewers:\n  - name: ana\n    role: lead");

        var incident = IncidentDocument.Parse(text).Incident;

        Assert.Equal([new RawField("jira", "jira: OPS-123"), new RawField("reviewers", "reviewers:\n  - name: ana\n    role: lead")], incident.OtherFields);
    }

    [Fact]
    public void Invalid_yaml_is_a_problem_on_its_line()
    {
        var document = IncidentDocument.Parse("---\nid: a\ntitle: a: b: [\nseverity: sev2\n---\n");

        var problem = Assert.Single(document.Problems);
        Assert.InRange(problem.Line, 3, 4);
        Assert.Contains("not valid YAML", problem.Message);
        Assert.False(document.FrontMatter.Readable);
    }

    [Theory]
    [InlineData("---\nid: a\nseverity: [sev2\n---\n")]
    [InlineData("---\nid: a\ntags: {a: [b\n---\n")]
    public void Unclosed_brackets_are_a_problem_not_a_crash(string text)
    {
        var document = IncidentDocument.Parse(text);

        Assert.Contains("not valid YAML", Assert.Single(document.Problems).Message);
        Assert.False(document.FrontMatter.Readable);
    }

    [Fact]
    public void A_list_where_a_value_is_expected_is_a_problem()
    {
        var document = IncidentDocument.Parse("---\nid: a\ntitle: [one, two]\n---\n");

        var problem = Assert.Single(document.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("'title' must be a single value", problem.Message);
    }

    [Theory]
    [InlineData("2025-03-14", "2025-03-14T00:00:00+00:00")]
    [InlineData("2025-03-14T14:02:00Z", "2025-03-14T14:02:00+00:00")]
    [InlineData("2025-03-14T14:02Z", "2025-03-14T14:02:00+00:00")]
    [InlineData("2025-03-14T16:02:00+02:00", "2025-03-14T14:02:00+00:00")]
    [InlineData("2025-03-14 14:02", "2025-03-14T14:02:00+00:00")]
    public void Dates_are_read_as_utc_instants(string written, string expected)
    {
        var incident = IncidentDocument.Parse($"---\nid: a\ntitle: t\ndate: {written}\n---\n").Incident;

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), incident.Date);
        Assert.Equal(TimeSpan.Zero, incident.Date!.Value.Offset);
    }

    [Fact]
    public void A_bad_date_is_a_problem_with_the_expected_form()
    {
        var problem = Assert.Single(IncidentDocument.Parse("---\nid: a\ntitle: t\ndate: March 14\n---\n").Problems);

        Assert.Equal(4, problem.Line);
        Assert.Contains("'March 14' is not a date", problem.Message);
        Assert.Contains("YYYY-MM-DD", problem.Fix);
    }

    [Fact]
    public void Headings_in_code_blocks_are_not_sections_and_setext_headings_are()
    {
        var text = "---\nid: a\ntitle: t\n---\n\n# Title\n\nIntro.\n\nSummary\n-------\n\nShort.\n\n```\n## Not a section\n```\n\n## Impact\n\nNone.\n";

        var incident = IncidentDocument.Parse(text).Incident;

        Assert.Equal("# Title\n\nIntro.", incident.Preamble);
        Assert.Equal(["Summary", "Impact"], incident.Sections.Select(s => s.Title));
        Assert.Equal("Short.\n\n```\n## Not a section\n```", incident.Sections[0].Markdown);
        Assert.Equal(10, incident.Sections[0].Line);
    }

    [Fact]
    public void A_file_without_front_matter_is_all_body()
    {
        var document = IncidentDocument.Parse("## Summary\n\nJust text.\n");

        Assert.False(document.FrontMatter.Present);
        Assert.Empty(document.Problems);
        Assert.Equal("Just text.", document.Incident.Section("Summary")!.Markdown);
    }

    /// <summary>The fields without line numbers, which legitimately differ between two layouts of the same incident.</summary>
    internal static string Comparable(Incident incident) =>
        System.Text.Json.JsonSerializer.Serialize(incident with
        {
            Sections = incident.Sections.Select(s => s with { Line = 0 }).ToList(),
            ActionItems = incident.ActionItems.Select(a => a with { Line = 0 }).ToList(),
        });
}

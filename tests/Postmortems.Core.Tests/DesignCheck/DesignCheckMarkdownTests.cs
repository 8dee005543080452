using Postmortems.Core.DesignCheck;
using Postmortems.Core.Search;

namespace Postmortems.Core.Tests.DesignCheck;

public sealed class DesignCheckMarkdownTests
{
    private static readonly DesignCheckResult Result = new(
        Incidents:
        [
            new DesignIncident("2025-01-21-orders-lock", "Orders *down* [38 min] under a <lock>", null, new DateTimeOffset(2025, 1, 21, 10, 0, 0, TimeSpan.Zero), 1.0,
                new DesignWhy(["migration", "db_pool_size"], "Root cause", "Root cause: the migration took a lock, see @bob and #12", [new Highlight(16, 9)]),
                ["migration-review"], [], ["state"], []),
            new DesignIncident("2019-07-08-pg-downtime", "15 seconds of API downtime", "icco/data/x.md", null, 0.4,
                new DesignWhy(["migration"], "Summary", "Summary: a fast migration", []),
                [], ["migration-review", "load-testing"], [], ["state"]),
        ],
        Gaps:
        [
            new DesignGap("migration-review", "Schema or data migration not reviewed", "review", "…", 1.2,
                ["2025-01-21-orders-lock", "2019-07-08-pg-downtime"], ["2019-07-08-pg-downtime"], ["Review the locks | each statement takes."], InChecklist: true),
            new DesignGap("load-testing", "No load test at production scale", "testing", "…", 0.2,
                ["2019-07-08-pg-downtime"], ["2019-07-08-pg-downtime"], ["Run a load test."], InChecklist: false),
        ],
        Checklist: [new ChecklistItem("Review the locks | each statement takes.", ["migration-review"], ["2025-01-21-orders-lock", "2019-07-08-pg-downtime"])],
        Differences: [new DesignDifference("state", "State", "Caches, queues, migrations.", 1.2, ["2025-01-21-orders-lock", "2019-07-08-pg-downtime"], ["migration"])],
        Terms: ["migration", "lock", "db_pool_size"],
        Elapsed: TimeSpan.FromMilliseconds(12));

    [Fact]
    public void Links_are_relative_by_default_and_absolute_under_a_base_url()
    {
        var relative = DesignCheckMarkdown.Render(Result);
        var absolute = DesignCheckMarkdown.Render(Result, "https://postmortems.example.com/");

        Assert.Contains("](/incidents/2025-01-21-orders-lock)", relative);
        Assert.Contains("](/gaps/migration-review)", relative);
        Assert.DoesNotContain("](https://", relative);
        Assert.Contains("](https://postmortems.example.com/incidents/2025-01-21-orders-lock)", absolute);
        Assert.Contains("](https://postmortems.example.com/gaps/migration-review)", absolute);
        Assert.DoesNotContain("](/incidents/", absolute);
    }

    [Fact]
    public void It_has_every_part_incidents_with_why_ranked_gaps_the_checklist_as_a_task_list_and_the_differences()
    {
        var markdown = DesignCheckMarkdown.Render(Result);

        Assert.StartsWith("## Design check: past incidents like this change", markdown);
        Assert.Contains("Read as: `migration`, `lock`, `db_pool_size`.", markdown);
        Assert.Contains("1. **[Orders \\*down\\* \\[38 min\\] under a \\<lock\\>](/incidents/2025-01-21-orders-lock)** (2025-01-21), relevance 1.00", markdown);
        Assert.Contains("   - Shares: `migration`, `db_pool_size`", markdown);
        Assert.Contains("   - Root cause: the **migration** took a lock, see @\u200Bbob and #\u200B12", markdown);
        Assert.Contains("| [Schema or data migration not reviewed](/gaps/migration-review) | review | 1.20 | [1](/incidents/2025-01-21-orders-lock), [2](/incidents/2019-07-08-pg-downtime) _suggested_ |", markdown);
        Assert.Contains("- [ ] Review the locks \\| each statement takes. _(migration-review: [1](/incidents/2025-01-21-orders-lock), [2](/incidents/2019-07-08-pg-downtime))_", markdown);
        Assert.Contains("From the top gap: [Schema or data migration not reviewed](/gaps/migration-review).", markdown);
        Assert.Contains("- **State** ([1](/incidents/2025-01-21-orders-lock), [2](/incidents/2019-07-08-pg-downtime)): Caches, queues, migrations. This design mentions: migration.", markdown);
        Assert.True(markdown.IndexOf("### Incidents", StringComparison.Ordinal) < markdown.IndexOf("### Gaps", StringComparison.Ordinal));
        Assert.True(markdown.IndexOf("### Gaps", StringComparison.Ordinal) < markdown.IndexOf("### Before you ship", StringComparison.Ordinal));
    }

    [Fact]
    public void With_nothing_found_it_says_so_and_what_the_text_was_read_as()
    {
        var markdown = DesignCheckMarkdown.Render(new DesignCheckResult([], [], [], [], ["zorblax"], TimeSpan.Zero));

        Assert.Contains("No past incident looks like this change", markdown);
        Assert.Contains("Read as: `zorblax`.", markdown);
        Assert.DoesNotContain("###", markdown);
    }

    [Theory]
    [InlineData("a *b* _c_", "a \\*b\\* \\_c\\_")]
    [InlineData("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))")]
    [InlineData("<script>", "\\<script\\>")]
    [InlineData("ping @alice about #42", "ping @\u200Balice about #\u200B42")]
    [InlineData("two\nlines", "two lines")]
    public void Text_from_incidents_stays_literal(string text, string escaped) =>
        Assert.Equal(escaped, DesignCheckMarkdown.Escape(text));
}

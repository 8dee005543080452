using Postmortems.Core.Format;
using Postmortems.Core.Style;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Style;

public sealed class StyleCheckerTests
{
    private static readonly StyleChecker Checker = StyleChecker.Load(TestPaths.Content);

    private static IReadOnlyList<StyleFinding> Check(string markdown, params string[] people) => Checker.Check(markdown, people);

    [Fact]
    public void A_finding_has_its_line_column_rule_and_message()
    {
        var finding = Assert.Single(Check("## Root cause\n\nThe deploy went out.\nIt was human error on the night shift.\n"));

        Assert.Equal((4, 8), (finding.Line, finding.Column));
        Assert.Equal("Blameless.HumanError", finding.RuleId);
        Assert.Equal("human error", finding.Matched);
        Assert.Equal("f.md:4:8: style: 'human error' blames a person: describe what made the slip easy (the tool, the step, the missing check) instead (Blameless.HumanError)",
            finding.Format("f.md"));
    }

    [Theory]
    [InlineData("```\nhuman error\n```\n")]
    [InlineData("    human error in an indented code block\n")]
    [InlineData("The log said `human error` verbatim.\n")]
    [InlineData("## Human error\n")]
    [InlineData("See [the page](https://example.com/human-error) for it.\n")]
    [InlineData("> [10:42] ana: obviously the root cause was human error\n")]
    [InlineData("> <bob> we should have checked\n")]
    public void Code_headings_link_targets_and_quoted_chat_are_not_prose(string markdown)
    {
        Assert.Empty(Check(markdown));
    }

    [Fact]
    public void A_quote_that_is_not_chat_is_prose()
    {
        Assert.Single(Check("> It was human error, said the first draft.\n"));
    }

    [Fact]
    public void Front_matter_is_not_checked_and_lines_count_from_the_top_of_the_file()
    {
        var document = IncidentDocument.Parse("---\nid: x\ntitle: human error\nauthors: [lena]\n---\n\n## Summary\n\nlena forgot to renew the certificate.\n");

        var findings = Checker.Check(document);

        Assert.Equal([(9, 1, "Blameless.NamedPerson"), (9, 6, "Blameless.Forgot")], findings.Select(f => (f.Line, f.Column, f.RuleId)));
    }

    [Fact]
    public void A_person_followed_by_a_failure_verb_is_named_by_handle_or_by_the_incidents_people()
    {
        Assert.Equal(["@bob", "ana"], Check("@bob missed the page. Then ana never escalated. Carol broke nothing.", "ana").Where(f => f.RuleId == NamedPersonRule.Id)
            .Select(f => f.Matched.Split(' ')[0]));
    }

    [Fact]
    public void An_action_item_owner_is_not_a_failure()
    {
        Assert.Empty(Check("## Action items\n\n- [ ] Add a canary step @bob due:2025-04-01 gap:staged-rollout\n", "bob"));
    }

    [Fact]
    public void Vale_comments_switch_a_rule_or_every_rule_off_until_switched_on()
    {
        var text = "Obviously one.\n\n<!-- vale Blameless.Hindsight = NO -->\n\nObviously two, human error.\n\n<!-- vale Blameless.Hindsight = YES -->\n\nObviously three.\n\n" +
            "<!-- vale off -->\n\nObviously four, human error.\n\n<!-- vale on -->\n\nHuman error five.\n";

        Assert.Equal([(1, "Blameless.Hindsight"), (5, "Blameless.HumanError"), (9, "Blameless.Hindsight"), (17, "Blameless.HumanError")],
            Check(text).Select(f => (f.Line, f.RuleId)));
    }

    [Theory]
    [InlineData("The root cause was a missing index.", "Blameless.RootCause")]
    [InlineData("We should have tested the migration on a copy.", "Blameless.ShouldHave")]
    [InlineData("If only we had waited an hour.", "Blameless.IfOnly")]
    [InlineData("It was obvious that the flag was on.", "Blameless.Hindsight")]
    [InlineData("The operator forgot to drain the node.", "Blameless.Forgot")]
    [InlineData("It was caused by carelessness.", "Blameless.HumanError")]
    public void Each_family_reports_its_plain_case(string sentence, string ruleId)
    {
        Assert.Contains(ruleId, Check(sentence).Select(f => f.RuleId));
    }

    [Theory]
    [InlineData("A canary would have caught it within minutes.")]
    [InlineData("The root cause was a combination of three factors.")]
    [InlineData("Code review missed it because it reads as obviously correct.")]
    [InlineData("This could have been a lot worse.")]
    [InlineData("Each repository should have clear rules for merging.")]
    [InlineData("The change inadvertently blocked access to the metadata service.")]
    [InlineData("The SRE team found the root cause within minutes.")]
    public void Near_misses_are_not_reported(string sentence)
    {
        Assert.Empty(Check(sentence));
    }

    [Fact]
    public void A_byte_order_mark_does_not_shift_the_columns()
    {
        var document = IncidentDocument.Parse("\uFEFF---\nid: x\ntitle: t\n---\nIt was human error.\n");

        var finding = Assert.Single(Checker.Check(document));

        Assert.Equal((5, 8), (finding.Line, finding.Column));
    }
}

public sealed class ValeSwitchRenderingTests
{
    [Fact]
    public void A_switch_comment_is_not_shown_on_the_page_and_the_words_around_it_are()
    {
        var html = new Postmortems.Core.Rendering.MarkdownRenderer().ToSafeHtml(
            "<!-- vale Blameless.RootCause = NO -->\nThe root cause was one certificate.\n<!-- vale Blameless.RootCause = YES -->\n\nA <!-- vale off --> inline one stays visible.\n");

        Assert.DoesNotContain("vale Blameless", html);
        Assert.Contains("The root cause was one certificate.", html);
        Assert.Contains("&lt;!-- vale off --&gt;", html);
    }
}

public sealed class SlowRuleTests
{
    [Fact]
    public void A_rule_past_its_time_limit_finds_nothing_more_in_that_paragraph_and_the_others_still_run()
    {
        var problems = new List<Problem>();
        var slow = StyleRuleLoader.Read("Team.Slow", "extends: existence\nmessage: slow\nnonword: true\ntokens:\n  - '(a+)+b'\n", "Slow.yml", problems)!;
        var plain = StyleRuleLoader.Read("Team.Plain", "extends: existence\nmessage: plain\ntokens: [human error]\n", "Plain.yml", problems)!;

        var findings = new StyleChecker([slow, plain], problems).Check(new string('a', 40) + "c, human error.", []);

        Assert.Empty(problems);
        Assert.Equal(["Team.Plain"], findings.Select(f => f.RuleId));
    }
}

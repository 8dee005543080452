using Postmortems.Core.Format;

namespace Postmortems.Core.Tests;

public class IncidentEditsTests
{
    [Fact]
    public void Setting_the_status_changes_only_that_line()
    {
        var edited = IncidentEdits.SetStatus(Samples.Complete, IncidentStatus.Draft);

        Assert.Equal(Samples.Complete.Replace("status: published\n", "status: draft\n"), edited);
    }

    [Fact]
    public void Setting_gaps_keeps_the_notes_of_the_gaps_that_stay_and_nothing_else_changes()
    {
        var edited = IncidentEdits.SetGaps(Samples.Complete, ["load-testing", "alerting"]);

        var incident = IncidentDocument.Parse(edited).Incident;
        Assert.Equal([new GapLink("load-testing", "no load test ran checkout with a prod-sized pool"), new GapLink("alerting", null)], incident.Gaps);
        Assert.Equal(Samples.Complete[Samples.Complete.IndexOf("detected-by", StringComparison.Ordinal)..], edited[edited.IndexOf("detected-by", StringComparison.Ordinal)..]);
        Assert.StartsWith(Samples.Complete[..Samples.Complete.IndexOf("gaps:", StringComparison.Ordinal)], edited);
    }

    [Fact]
    public void A_missing_key_is_added_before_the_closing_fence_in_the_file_s_line_ends()
    {
        var crlf = "---\r\nid: a\r\ntitle: t\r\n---\r\n\r\n## Summary\r\n";

        var edited = IncidentEdits.SetList(crlf, "differences", ["config", "scale"]);

        Assert.Equal("---\r\nid: a\r\ntitle: t\r\ndifferences: [config, scale]\r\n---\r\n\r\n## Summary\r\n", edited);
    }

    [Fact]
    public void A_file_without_front_matter_gets_one()
    {
        Assert.Equal("---\nstatus: draft\n---\n\n## Summary\n", IncidentEdits.SetStatus("## Summary\n", "draft"));
    }

    [Fact]
    public void Ticking_an_action_item_rewrites_just_that_line()
    {
        var item = IncidentDocument.Parse(Samples.Complete).Incident.ActionItems[0];

        var edited = IncidentEdits.SetActionItemDone(Samples.Complete, item.Line, done: true);

        Assert.Equal(Samples.Complete.Replace("- [ ] Add a load test", "- [x] Add a load test"), edited);
        Assert.Equal(Samples.Complete, IncidentEdits.SetActionItemDone(edited, item.Line, done: false));
    }

    [Fact]
    public void Ticking_a_plain_bullet_makes_it_a_task()
    {
        var text = "---\nid: a\n---\n\n## Action items\n\n- Revert the delay.\n";

        Assert.Equal("---\nid: a\n---\n\n## Action items\n\n- [x] Revert the delay.\n", IncidentEdits.SetActionItemDone(text, 7, done: true));
    }
}

using Postmortems.Core.Format;
using Postmortems.Web.Components.Pages.Incidents;

namespace Postmortems.Web.Tests.Layout;

public sealed class IncidentBodyTests
{
    private const string FrontMatter = "---\nid: 2026-01-01-body\ntitle: Body\n---\n";

    private static string Body(string markdown) => IncidentBody.WithoutActionItemList(markdown, IncidentDocument.Parse(markdown).Incident);

    [Fact]
    public void A_section_of_nothing_but_items_is_left_out_and_the_sections_around_it_stay_as_written()
    {
        var markdown = FrontMatter + "## Resolution\r\nRolled back.\r\n\r\n## Action items\r\n- [ ] Add a load test @bob due:2025-04-01\r\n\r\n- [x] Require the pool size @carol\r\n\r\n## Lessons learned\r\nMeasure.\r\n";

        Assert.Equal(FrontMatter + "## Resolution\r\nRolled back.\r\n\r\n## Lessons learned\r\nMeasure.\r\n", Body(markdown));
    }

    [Fact]
    public void A_last_section_of_items_is_left_out_to_the_end()
    {
        var markdown = FrontMatter + "## Summary\nIt broke.\n\n## Follow-ups\n- Add an alert\n- Add a canary\n";

        Assert.Equal(FrontMatter + "## Summary\nIt broke.\n", Body(markdown));
    }

    [Theory]
    [InlineData("We agreed on these in the review.\n\n- [ ] Add a load test @bob\n")]
    [InlineData("- [ ] Add a load test @bob\n      first at half the prod pool size\n")]
    [InlineData("- [ ] Add a load test @bob\n\n### Later\n\n- [ ] Add a canary\n")]
    public void A_section_with_anything_but_items_is_kept_whole(string section)
    {
        var markdown = FrontMatter + "## Action items\n" + section + "\n## Lessons learned\nMeasure.\n";

        Assert.Equal(markdown, Body(markdown));
    }

    [Fact]
    public void Without_items_nothing_changes()
    {
        var markdown = FrontMatter + "## Action items\nNone needed.\n";

        Assert.Equal(markdown, Body(markdown));
    }
}

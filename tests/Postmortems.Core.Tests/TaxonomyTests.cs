using Postmortems.Core.Format;
using Postmortems.Core.Taxonomy;
using Postmortems.Tests;

namespace Postmortems.Core.Tests;

public class TaxonomyTests
{
    [Fact]
    public void The_content_taxonomy_loads_without_problems()
    {
        var problems = new List<Problem>();
        var taxonomy = GapTaxonomy.Load(TestPaths.Content, problems);

        Assert.Empty(problems);
        Assert.True(taxonomy.Gaps.Count >= 18, $"{taxonomy.Gaps.Count} gaps");
        Assert.Equal(["config", "data", "scale", "dependencies", "infrastructure", "integrations", "permissions", "time", "state", "topology"],
            taxonomy.Differences.Select(d => d.Id));
        Assert.Equal(GapKind.All, taxonomy.Gaps.Select(g => g.Kind).Distinct());
    }

    [Fact]
    public void Every_gap_has_a_description_and_a_checklist_and_its_file_name_is_its_id()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.Content, "gaps"), "*.md"))
        {
            var gap = GapTaxonomy.ReadGap(File.ReadAllText(file), file, [])!;
            Assert.Equal(Path.GetFileNameWithoutExtension(file), gap.Id);
            Assert.False(string.IsNullOrWhiteSpace(gap.Description), $"{gap.Id} has no description");
            Assert.True(gap.Checklist.Count >= 3, $"{gap.Id} has {gap.Checklist.Count} checklist items");
        }
    }

    [Fact]
    public void A_bad_gap_file_is_reported_with_its_line()
    {
        var problems = new List<Problem>();

        Assert.Null(GapTaxonomy.ReadGap("---\nid: Bad Id\ntitle: x\nkind: testng\n---\n", "bad.md", problems));

        Assert.Equal([(2, "Gap id 'Bad Id' is not a slug"), (4, "Gap kind 'testng' is unknown")], problems.Select(p => (p.Line, p.Message)));
    }

    [Theory]
    [InlineData("prod-scale-load-testing", "prod-scale-load-testing")]
    [InlineData("load-testing", "prod-scale-load-testing")]
    [InlineData("Load-Testing", "prod-scale-load-testing")]
    [InlineData("not-a-gap", "not-a-gap")]
    public void A_gap_id_or_a_former_one_resolves_to_the_current_id_and_an_unknown_one_stays_as_written(string id, string expected)
    {
        var renamed = new Gap("prod-scale-load-testing", "Load testing", "testing", ["load-testing"], "", [], "");

        Assert.Equal(expected, new GapTaxonomy([renamed], []).CurrentGapId(id));
    }
}

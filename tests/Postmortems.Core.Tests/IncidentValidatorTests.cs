using Postmortems.Core.Format;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests;

public class IncidentValidatorTests
{
    private readonly IncidentValidator _validator = new(Samples.Taxonomy.Value);

    private IReadOnlyList<Problem> Validate(string text, string file = "incident.md") =>
        _validator.Validate(IncidentDocument.Parse(text, file));

    public static TheoryData<string> SeedFiles() => [.. TestPaths.SeedIncidentFiles().Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Every_seed_incident_is_valid(string file)
    {
        var path = Path.Combine(TestPaths.ContentIncidents, file);

        Assert.Empty(_validator.Validate(IncidentDocument.Parse(File.ReadAllText(path), path), fileNameMustMatchId: true));
    }

    [Fact]
    public void The_complete_sample_is_valid() => Assert.Empty(Validate(Samples.Complete));

    [Fact]
    public void A_missing_section_names_the_line_and_where_to_add_it()
    {
        var text = Samples.Complete.WithLine("## Root cause\n\nThe connection pool was exhausted.\n\n", "");

        var problem = Assert.Single(Validate(text, "checkout.md"));

        Assert.Equal("checkout.md", problem.File);
        Assert.Equal(37, problem.Line);
        Assert.Equal("Required section '## Root cause' is missing", problem.Message);
        Assert.Equal("Add a '## Root cause' section before '## How it got through'", problem.Fix);
    }

    [Fact]
    public void A_misspelled_gap_suggests_the_nearest_known_id()
    {
        var problem = Assert.Single(Validate(Samples.Complete.WithLine("  - id: config-review", "  - id: confg-review")));

        Assert.Equal(14, problem.Line);
        Assert.Equal("Gap 'confg-review' is unknown", problem.Message);
        Assert.Contains("Did you mean 'config-review'?", problem.Fix);
    }

    [Fact]
    public void An_unknown_difference_is_reported_with_the_known_ones()
    {
        var problem = Assert.Single(Validate(Samples.Complete.WithLine("differences: [config, scale]", "differences: [config, scaling]")));

        Assert.Equal(10, problem.Line);
        Assert.Contains("Difference 'scaling' is unknown", problem.Message);
        Assert.Contains("Did you mean 'scale'?", problem.Fix);
    }

    [Fact]
    public void An_action_item_naming_an_unknown_gap_is_reported_on_its_line()
    {
        var problem = Assert.Single(Validate(Samples.Complete.WithLine("gap:load-testing", "gap:load-test")));

        Assert.Equal(55, problem.Line);
        Assert.Contains("Did you mean 'load-testing'?", problem.Fix);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var text = Samples.Complete
            .WithLine("severity: sev2", "severity: sev5")
            .WithLine("status: published", "status: publishd")
            .WithLine("date: 2025-03-14T14:02:00Z", "date: yesterday")
            .WithLine("duration: 47m", "duration: long")
            .WithLine("## Impact\n\n12% of checkouts failed.\n\n", "");

        var problems = Validate(text);

        Assert.Equal([4, 5, 6, 16, 24], problems.Select(p => p.Line).Order());
        Assert.Contains(problems, p => p.Message == "Status 'publishd' is unknown" && p.Fix!.Contains("Did you mean 'published'?"));
        Assert.Contains(problems, p => p.Message == "Severity 'sev5' is unknown");
        Assert.Contains(problems, p => p.Message == "'yesterday' is not a date");
        Assert.Contains(problems, p => p.Message == "Duration 'long' is not a duration");
    }

    [Fact]
    public void A_published_incident_needs_a_gap()
    {
        var text = Samples.Complete.WithLine("gaps:\n  - id: load-testing\n    note: no load test ran checkout with a prod-sized pool\n  - id: config-review\n", "")
            .WithLine(" gap:load-testing", "");

        var problem = Assert.Single(Validate(text));

        Assert.Equal("A published incident must name the gap that let it through", problem.Message);
    }

    [Fact]
    public void A_draft_may_be_incomplete_but_not_wrong()
    {
        Assert.Empty(Validate("---\nid: 2026-01-01-half-written\ntitle: Something broke\nstatus: draft\n---\n\n## Summary\n\nTBD\n"));

        var problem = Assert.Single(Validate("---\nid: 2026-01-01-half-written\ntitle: Something broke\nstatus: draft\ngaps: [load-testin]\n---\n"));
        Assert.Contains("Did you mean 'load-testing'?", problem.Fix);
    }

    [Fact]
    public void An_empty_required_section_is_reported()
    {
        var problem = Assert.Single(Validate(Samples.Complete.WithLine("Defaults hide renames.", "").WithLine("The connection pool was exhausted.", "")));

        Assert.Equal("Section '## Root cause' is empty", problem.Message);
    }

    [Fact]
    public void Ids_must_be_slugs_and_match_the_file_name()
    {
        var bad = Assert.Single(Validate(Samples.Complete.WithLine("id: 2025-03-14-checkout-pool-exhaustion", "id: Checkout Pool")));
        Assert.Equal(2, bad.Line);
        Assert.Contains("'checkout-pool'", bad.Fix);

        var document = IncidentDocument.Parse(Samples.Complete, "/tmp/other-name.md");
        var mismatch = Assert.Single(_validator.Validate(document, fileNameMustMatchId: true));
        Assert.Contains("Rename the file to '2025-03-14-checkout-pool-exhaustion.md'", mismatch.Fix);
    }

    [Fact]
    public void A_duplicate_id_across_files_is_reported_with_both_files()
    {
        var first = IncidentDocument.Parse(Samples.Complete, "a/2025-03-14-checkout-pool-exhaustion.md");
        var second = IncidentDocument.Parse(Samples.Complete, "b/2025-03-14-checkout-pool-exhaustion.md");

        var problem = Assert.Single(_validator.ValidateAll([first, second]));

        Assert.Equal("b/2025-03-14-checkout-pool-exhaustion.md", problem.File);
        Assert.Equal(2, problem.Line);
        Assert.Contains("a/2025-03-14-checkout-pool-exhaustion.md", problem.Message);
    }

    [Fact]
    public void A_renamed_gap_still_accepts_its_old_id()
    {
        var renamed = new Gap("prod-scale-load-testing", "No load test at production scale", "testing", ["load-testing"], "", [], "");
        var taxonomy = new GapTaxonomy([renamed, .. Samples.Taxonomy.Value.Gaps.Where(g => g.Id != "load-testing")], Samples.Taxonomy.Value.Differences);

        Assert.Empty(new IncidentValidator(taxonomy).Validate(IncidentDocument.Parse(Samples.Complete)));
        Assert.Equal("prod-scale-load-testing", taxonomy.FindGap("load-testing")!.Id);
    }

    [Fact]
    public void A_file_without_front_matter_gets_one_problem_saying_so()
    {
        var problem = Assert.Single(Validate("# Just notes\n"));

        Assert.Equal("The file has no front matter", problem.Message);
    }
}

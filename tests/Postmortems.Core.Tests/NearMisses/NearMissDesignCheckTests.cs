using Postmortems.Core.DesignCheck;
using Postmortems.Core.Format;
using Postmortems.Core.Tests.DesignCheck;

namespace Postmortems.Core.Tests.NearMisses;

/// <summary>The design check over the seed content, whose near misses say which controls caught changes like a design.</summary>
public sealed class NearMissDesignCheckTests(SeedDesignCheckStore seed) : IClassFixture<SeedDesignCheckStore>
{
    private const string Design = """
        We will add a public_ref uuid column to the orders table with a default of gen_random_uuid(), NOT NULL,
        in one migration, so that order links stop exposing the sequential id. The orders table has 400 million rows.
        """;

    [Fact]
    public void A_design_like_a_near_miss_is_told_which_control_caught_it_before_and_to_keep_it()
    {
        var result = seed.Checker!.Check(Design, limit: 10);

        var nearMiss = Assert.Single(result.Incidents, i => i.Id == "2026-03-17-orders-column-default-rewrite-caught-in-rehearsal");
        Assert.Equal(RecordKind.NearMiss, nearMiss.Kind);
        Assert.Equal(["migration-rehearsal", "migration-review"], nearMiss.CaughtBy);
        var rehearsal = Assert.Single(result.CaughtBefore, c => c.Gap == "migration-rehearsal");
        Assert.Equal("This was caught before by `migration-rehearsal`: keep it in the plan.", rehearsal.Text);
        Assert.Contains(nearMiss.Id, rehearsal.NearMisses);
        Assert.All(result.Incidents.Where(i => i.Kind == RecordKind.Incident), i => Assert.Empty(i.CaughtBy));
        var markdown = DesignCheckMarkdown.Render(result);
        Assert.Contains("### Caught before", markdown);
        Assert.Contains("- This was caught before by `migration-rehearsal`: keep it in the plan.", markdown);
        Assert.Equal(result.CaughtBefore, DesignCheckJson.From(result).CaughtBefore);
    }
}

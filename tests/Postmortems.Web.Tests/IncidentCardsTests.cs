using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Postmortems.Core.Format;
using Postmortems.Core.Taxonomy;
using Postmortems.Web.Components.Pages.Incidents;

namespace Postmortems.Web.Tests;

public sealed class IncidentCardsTests : BunitContext, IAsyncLifetime
{
    // MudBlazor registers services that can only be disposed asynchronously; xunit 2 would call Dispose().
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }

    private static readonly GapTaxonomy Taxonomy = GapTaxonomy.LoadOrThrow(RepositoryContent.Directory);

    public IncidentCardsTests()
    {
        Services.AddMudServices();
        Services.AddSingleton(Taxonomy);
        Services.AddSingleton<TimeProvider>(new FixedTime(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero)));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Action_items_show_done_state_owner_due_date_and_mark_only_open_past_due_ones_overdue()
    {
        ActionItem[] items =
        [
            new("Paginate the order list", Done: true, "lena", new DateOnly(2025, 3, 1), "2025-03-01", null, 10),
            new("Generate realistic seed data", Done: false, "wen", new DateOnly(2025, 5, 30), "2025-05-30", "test-data", 11),
            new("Add the page to the load suite", Done: false, "sam", new DateOnly(2025, 6, 1), "2025-06-01", null, 12),
            new("Alert on query counts", Done: false, null, null, null, null, 13),
        ];

        var card = Render<ActionItemsCard>(p => p.Add(c => c.Items, items));

        var rows = card.FindAll("li");
        Assert.Equal(4, rows.Count);
        Assert.Contains("done", rows[0].ClassList);
        Assert.Contains("@lena", rows[0].TextContent);
        Assert.DoesNotContain("overdue", rows[0].ClassList);

        Assert.Contains("overdue", rows[1].ClassList); // open, due yesterday
        Assert.Contains("due 2025-05-30 (overdue)", rows[1].TextContent);
        Assert.NotNull(rows[1].QuerySelector(".due.mud-error-text"));
        Assert.Contains("gap: test-data", rows[1].TextContent);

        Assert.DoesNotContain("overdue", rows[2].ClassList); // due today is not late yet
        Assert.Contains("due 2025-06-01", rows[2].TextContent);
        Assert.DoesNotContain("overdue", rows[3].ClassList); // no due date
        Assert.Contains("1 of 4 done", card.Markup);
    }

    [Fact]
    public void Side_card_shows_front_matter_with_gap_titles_and_notes()
    {
        var incident = new Incident
        {
            Id = "2025-03-14-checkout-pool-exhaustion",
            Title = "Checkout timed out",
            Date = new DateTimeOffset(2025, 3, 14, 14, 2, 0, TimeSpan.Zero),
            Severity = "sev2",
            Status = "published",
            Services = ["checkout", "payments-db"],
            Teams = ["payments"],
            Authors = ["alice"],
            Differences = ["config", "scale"],
            Gaps = [new GapLink("load-testing", "no load test ran checkout with a prod-sized pool"), new GapLink("config-review", null), new GapLink("no-such-gap", null)],
            DetectedBy = "alert",
            Duration = "47m",
            Tags = ["postgres"],
        };

        var card = Render<IncidentSideCard>(p => p.Add(c => c.Incident, incident));

        Assert.Equal("2025-03-14 14:02 UTC", card.Find("[data-field=date]").TextContent.Trim());
        Assert.Equal("checkout, payments-db", card.Find("[data-field=services]").TextContent.Trim());
        Assert.Equal("alert", card.Find("[data-field=detected-by]").TextContent.Trim());
        Assert.Equal("47m", card.Find("[data-field=duration]").TextContent.Trim());
        Assert.Contains(Taxonomy.FindDifference("config")!.Title, card.Find("[data-field=differences]").TextContent);

        var gaps = card.Find("[data-field=gaps]").TextContent;
        Assert.Contains(Taxonomy.FindGap("load-testing")!.Title, gaps);
        Assert.Contains("no load test ran checkout with a prod-sized pool", gaps);
        Assert.Contains(Taxonomy.FindGap("config-review")!.Title, gaps);
        Assert.Contains("Unknown gap", gaps);
        Assert.Contains("no-such-gap", gaps);
    }

    [Theory]
    [InlineData("sev1", "mud-chip-color-error")]
    [InlineData("sev2", "mud-chip-color-warning")]
    [InlineData("sev3", "severity-sev3")]
    [InlineData("sev4", "severity-sev4")]
    public void Severity_chips_are_coloured_by_severity(string severity, string expectedClass)
    {
        var chip = Render<SeverityChip>(p => p.Add(c => c.Severity, severity));

        var element = chip.Find(".mud-chip");
        Assert.Contains(expectedClass, element.ClassList);
        Assert.Equal(severity, element.TextContent.Trim());
    }
}

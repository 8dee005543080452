using System.Text;
using Postmortems.Core.Format;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.NearMisses;

public sealed class NearMissFormatTests
{
    private readonly IncidentValidator _validator = new(Samples.Taxonomy.Value);

    internal const string NearMiss = """
        ---
        id: 2025-06-02-invoice-rounding-caught-in-canary
        title: Invoice totals rounded per line, caught by the canary before full rollout
        date: 2025-06-02
        severity: sev2
        status: published
        kind: near-miss
        services: [billing]
        teams: [payments]
        differences: [data]
        caught-by:
          - id: staged-rollout
            note: the 5% canary compared invoice totals with the old version
          - load-testing
        recurrence-of: 2024-11-20-invoice-rounding
        # kept as written
        ---

        ## Summary

        A refactor rounded each invoice line instead of the total.

        ## What would have happened

        Every invoice with more than one line would have been off by up to a cent per line.

        ## What differed between dev and prod

        Test invoices had one line each.

        ## How it was caught

        The canary's comparison of totals flagged 3% of invoices within ten minutes.

        ## Action items

        - [ ] Add multi-line invoices to the test data @dana gap:test-data

        """;

    private IReadOnlyList<Problem> Validate(string text, string file = "near-miss.md") =>
        _validator.Validate(IncidentDocument.Parse(text, file));

    [Fact]
    public void A_near_miss_reads_its_kind_caught_by_and_recurrence()
    {
        var incident = IncidentDocument.Parse(NearMiss).Incident;

        Assert.True(incident.IsNearMiss);
        Assert.Equal([new GapLink("staged-rollout", "the 5% canary compared invoice totals with the old version"), new GapLink("load-testing", null)], incident.CaughtBy);
        Assert.Equal("2024-11-20-invoice-rounding", incident.RecurrenceOf);
        Assert.Empty(incident.Gaps);
    }

    [Fact]
    public void A_complete_near_miss_is_valid() => Assert.Empty(Validate(NearMiss));

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void A_near_miss_round_trips_byte_for_byte(string lineEnd)
    {
        var text = "\uFEFF" + NearMiss.Replace("\n", lineEnd, StringComparison.Ordinal);

        var document = IncidentDocument.Parse(text);

        Assert.Equal(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(document.ToMarkdown()));
        Assert.Equal(IncidentDocumentTests.Comparable(IncidentDocument.Parse(text.Replace("\r\n", "\n", StringComparison.Ordinal)).Incident),
            IncidentDocumentTests.Comparable(IncidentDocument.Parse(document.ToMarkdown().Replace("\r\n", "\n", StringComparison.Ordinal)).Incident));
    }

    [Fact]
    public void Writing_a_near_miss_keeps_kind_caught_by_and_recurrence()
    {
        var original = IncidentDocument.Parse(NearMiss).Incident;

        var reread = IncidentDocument.Parse(IncidentWriter.Write(original)).Incident;

        Assert.Equal(IncidentDocumentTests.Comparable(original), IncidentDocumentTests.Comparable(reread));
    }

    [Fact]
    public void A_file_without_kind_is_an_incident_and_stays_valid()
    {
        var incident = IncidentDocument.Parse(Samples.Complete).Incident;

        Assert.Null(incident.Kind);
        Assert.False(incident.IsNearMiss);
        Assert.Equal(RecordKind.Incident, RecordKind.Of(incident.Kind));
        Assert.Empty(Validate(Samples.Complete));
    }

    [Fact]
    public void A_published_near_miss_without_caught_by_is_refused_on_the_closing_fence()
    {
        var text = NearMiss
            .WithLine("caught-by:\n  - id: staged-rollout\n    note: the 5% canary compared invoice totals with the old version\n  - load-testing\n", "");

        var problem = Assert.Single(Validate(text));

        Assert.Equal("A near miss must name the control that caught it", problem.Message);
        Assert.Equal(IncidentDocument.Parse(text).FrontMatter.ClosingLine, problem.Line);
        Assert.Contains("caught-by: [gap-id]", problem.Fix, StringComparison.Ordinal);
        Assert.False(problem.IsWarning);
    }

    [Fact]
    public void A_draft_near_miss_may_leave_caught_by_for_later() =>
        Assert.Empty(Validate(NearMiss.WithLine("status: published", "status: draft").WithLine("  - load-testing\n", "")
            .WithLine("caught-by:\n  - id: staged-rollout\n    note: the 5% canary compared invoice totals with the old version\n", "")));

    [Fact]
    public void An_unknown_gap_in_caught_by_names_its_line_and_the_nearest_id()
    {
        var text = NearMiss.WithLine("  - load-testing", "  - load-tesing");

        var problem = Assert.Single(Validate(text, "nm.md"));

        Assert.Equal("nm.md", problem.File);
        Assert.Equal(14, problem.Line);
        Assert.Equal("  - load-tesing", text.Split('\n')[problem.Line - 1]);
        Assert.Equal("Gap 'load-tesing' in 'caught-by' is unknown", problem.Message);
        Assert.EndsWith("Did you mean 'load-testing'?", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_published_near_miss_needs_its_own_sections_not_an_incidents()
    {
        var text = NearMiss.WithLine("## How it was caught\n\nThe canary's comparison of totals flagged 3% of invoices within ten minutes.\n\n", "");

        var problems = Validate(text);

        var problem = Assert.Single(problems);
        Assert.Equal("Required section '## How it was caught' is missing", problem.Message);
        Assert.Equal("Add a '## How it was caught' section before '## Action items'", problem.Fix);
        Assert.DoesNotContain(problems, p => p.Message.Contains("Root cause", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_kind_suggests_the_nearest()
    {
        // A record of an unknown kind is read as an incident, so the incident's rules follow; the kind comes first.
        var problem = Validate(NearMiss.WithLine("kind: near-miss", "kind: nearmiss"))[0];

        Assert.Equal("Kind 'nearmiss' is unknown", problem.Message);
        Assert.EndsWith("Did you mean 'near-miss'?", problem.Fix, StringComparison.Ordinal);
        Assert.Equal(7, problem.Line);
    }

    [Fact]
    public void Caught_by_on_an_incident_is_refused()
    {
        var text = Samples.Complete.WithLine("detected-by: alert", "detected-by: alert\ncaught-by: [load-testing]");

        var problem = Assert.Single(Validate(text));

        Assert.StartsWith("Only a near miss has 'caught-by'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_cannot_be_a_recurrence_of_itself()
    {
        var text = NearMiss.WithLine("recurrence-of: 2024-11-20-invoice-rounding", "recurrence-of: 2025-06-02-invoice-rounding-caught-in-canary");

        Assert.Equal("A record cannot be a recurrence of itself", Assert.Single(Validate(text)).Message);
    }

    [Fact]
    public void The_near_miss_template_is_all_guidance_and_is_not_taken_for_an_incident()
    {
        var path = Path.Combine(TestPaths.Content, IncidentDocument.NearMissTemplateFileName);
        var template = File.ReadAllText(path);
        var document = IncidentDocument.Parse(template, path);
        var body = template.Split('\n').Skip(document.FrontMatter.ClosingLine)
            .Where(line => line.Trim().Length > 0 && !line.StartsWith("##", StringComparison.Ordinal)).ToList();

        Assert.All(body, line => Assert.True(TemplateGuidance.IsGuidance(line), $"not recognised as guidance: {line}"));
        Assert.True(document.Incident.IsNearMiss);
        Assert.NotNull(IncidentDocument.NotAnIncidentReason(document, path));
        var published = IncidentDocument.Parse(IncidentEdits.SetStatus(template.Replace("YYYY-MM-DD", "2026-03-14", StringComparison.Ordinal), IncidentStatus.Published), "new.md");
        Assert.Contains(_validator.Validate(published), p => p.Message == "The title is still the template's placeholder");
    }

    [Fact]
    public void A_near_miss_without_severity_is_not_taken_for_a_gap_definition()
    {
        var text = NearMiss.WithLine("severity: sev2\n", "");
        var document = IncidentDocument.Parse(text, "nm.md");

        Assert.Null(IncidentDocument.NotAnIncidentReason(document, "nm.md"));
    }
}

using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Import.Documents;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Import.Documents;

public sealed partial class ConfluenceImportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private IReadOnlyList<ImportedFile> Import(IncidentStore store)
    {
        Directory.CreateDirectory(_temp.Combine("archive"));
        ConfluenceExports.WriteZip(_temp.Combine("archive", "ENG.zip"));
        return new IncidentImporter(store, new IncidentValidator(Samples.Taxonomy.Value)).Import(_temp.Combine("archive"), "alice").Files;
    }

    [Fact]
    public void The_postmortem_pages_of_a_space_export_are_imported_with_their_titles_and_dates()
    {
        using var store = new IncidentStore(_temp.Combine("data"), "tests");
        var files = Import(store).ToDictionary(f => f.Path);

        Assert.Equal(["ENG.zip/" + ConfluenceExports.CheckoutPage, "ENG.zip/" + ConfluenceExports.DnsPage, "ENG.zip/" + ConfluenceExports.MeetingPage], files.Keys.Order());
        var meeting = files["ENG.zip/" + ConfluenceExports.MeetingPage];
        Assert.Equal(ImportOutcome.Skipped, meeting.Outcome);
        Assert.StartsWith("a Confluence page that is not a postmortem: no postmortem label and 1 postmortem heading(s)", meeting.Reason, StringComparison.Ordinal);

        var checkout = files["ENG.zip/" + ConfluenceExports.CheckoutPage];
        Assert.Equal((ImportOutcome.Created, ConfluenceConverter.Format), (checkout.Outcome, checkout.Format));
        var stored = store.Get(checkout.Id!)!;
        var incident = IncidentDocument.Parse(stored.Markdown).Incident;
        Assert.Equal("Checkout outage after the pool variable rename", incident.Title);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 0, 0, 0, TimeSpan.Zero), incident.Date);
        Assert.Contains("last-modified: 2025-03-20\n", stored.Markdown);
        Assert.Equal(["Summary", "Impact", "Timeline", "Root cause", "Action items"], incident.Sections.Select(s => s.Title));
        Assert.Equal([("Add a load test at the production pool size", "Bob-Stone"), ("Make the pool size a **required** setting", "carol")],
            incident.ActionItems.Select(a => (a.Text, a.Owner!)));
        Assert.Contains("On 14 March 2025 checkout timed out for *forty minutes* because `POOL_SIZE` was unset. See the [status page](https://status.example.com/incidents/42).", stored.Markdown);
        Assert.Contains("- 12% of checkouts failed\n- Support received 240 tickets\n  - most from the EU region\n", stored.Markdown);
        Assert.Contains("```\nDB_POOL_SIZE=50\nPOOL_SIZE=\n```", stored.Markdown);
        Assert.Equal(["an image ('p99 latency graph')", "a 'toc' macro (Confluence renders it; the export has no text for it)", "the attachment '65600.png' (attachments are not imported)"], checkout.NotConverted);
        Assert.Equal(store.Original(checkout.Id!)!.Sha256, stored.SourceSha256);

        // Recognised by its label; with no date in its text, its date is when it was last modified.
        var dns = files["ENG.zip/" + ConfluenceExports.DnsPage];
        Assert.Equal(ImportOutcome.Created, dns.Outcome);
        var dnsIncident = IncidentDocument.Parse(store.Get(dns.Id!)!.Markdown).Incident;
        Assert.Equal(("DNS cutover retro", new DateTimeOffset(2025, 4, 16, 0, 0, 0, TimeSpan.Zero)), (dnsIncident.Title, dnsIncident.Date));
        Assert.Contains("date ← when the document was last modified (the incident may be earlier)", dns.Guessed!);
        Assert.Equal(["Lower the TTL a day before any cutover"], dnsIncident.ActionItems.Select(a => a.Text));
    }

    [Fact]
    public void Every_word_of_each_imported_page_is_in_its_incident_or_listed_as_not_converted()
    {
        using var store = new IncidentStore(_temp.Combine("data"), "tests");
        var imported = Import(store).Where(f => f.Outcome == ImportOutcome.Created).ToList();

        Assert.Equal(2, imported.Count);
        foreach (var file in imported)
        {
            var page = new HtmlParser().ParseDocument(System.Text.Encoding.UTF8.GetString(store.Original(file.Id!)!.Bytes));
            // Text node by text node: an element's TextContent runs "failed" and "Support" of two list items together.
            var texts = page.QuerySelector("#main-content")!.GetDescendants().OfType<IText>().Select(t => t.Data);
            var source = string.Join(' ', texts) + " " + page.QuerySelector("#title-text")!.TextContent.Split(" : ")[1];
            var kept = Words(store.Get(file.Id!)!.Markdown + " " + string.Join(' ', file.NotConverted ?? [])).ToHashSet(StringComparer.Ordinal);
            Assert.DoesNotContain(Words(source), w => !kept.Contains(w));
        }
    }

    [Fact]
    public void A_second_import_of_the_same_export_changes_nothing()
    {
        using var store = new IncidentStore(_temp.Combine("data"), "tests");
        Import(store);

        var again = new IncidentImporter(store, new IncidentValidator(Samples.Taxonomy.Value)).Import(_temp.Combine("archive"), "alice");

        Assert.Equal((0, 2), (again.Count(ImportOutcome.Created), again.Count(ImportOutcome.Unchanged)));
    }

    [Fact]
    public void A_zip_that_is_not_a_confluence_export_is_skipped_with_the_reason()
    {
        Directory.CreateDirectory(_temp.Combine("archive"));
        SlackExports.Incident().WriteZip(_temp.Combine("archive", "slack.zip"));
        using var store = new IncidentStore(_temp.Combine("data"), "tests");

        var file = Assert.Single(new IncidentImporter(store, new IncidentValidator(Samples.Taxonomy.Value)).Import(_temp.Combine("archive"), "alice").Files);

        Assert.Equal((ImportOutcome.Skipped, "a zip that is not a Confluence space export (no index.html from Confluence)"), (file.Outcome, file.Reason));
    }

    private static IEnumerable<string> Words(string text) => Word().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}

using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Import.Documents;
using Postmortems.Core.Storage;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Import.Documents;

public sealed partial class DocxImportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private (ImportedFile File, StoredIncident Stored, IncidentStore Store) Import(byte[] docx)
    {
        Directory.CreateDirectory(_temp.Combine("archive"));
        File.WriteAllBytes(_temp.Combine("archive", "checkout-outage.docx"), docx);
        var store = new IncidentStore(_temp.Combine("data"), "tests");
        var file = Assert.Single(new IncidentImporter(store, new IncidentValidator(Samples.Taxonomy.Value)).Import(_temp.Combine("archive"), "alice").Files);
        return (file, store.Get(file.Id!)!, store);
    }

    [Fact]
    public void A_word_document_is_read_like_a_free_form_postmortem_with_its_original_bytes_kept()
    {
        var docx = DocxFixture.Postmortem();
        var (file, stored, store) = Import(docx);
        using (store)
        {
            Assert.True(file.Outcome == ImportOutcome.Created, $"{file.Outcome}: {file.Reason} {string.Join("; ", file.Problems ?? [])}");
            Assert.Equal(DocxConverter.Format, file.Format);
            var incident = IncidentDocument.Parse(stored.Markdown).Incident;
            Assert.Equal("2025-03-14-checkout-outage-on-14-march-2025", incident.Id);
            Assert.Equal("Checkout outage on 14 March 2025", incident.Title);
            Assert.Equal(new DateTimeOffset(2025, 3, 14, 0, 0, 0, TimeSpan.Zero), incident.Date);
            Assert.Equal(IncidentStatus.Imported, incident.Status);
            Assert.Equal(["Summary", "Timeline", "Root cause", "Action items"], incident.Sections.Select(s => s.Title));
            Assert.Equal(
                [("Add a load test at the production pool size (Status: Open)", false, "Bob-Stone", new DateOnly(2025, 4, 1)),
                 ("Make the pool size a required setting (Status: Done) (due April 15, 2025)", true, "carol", new DateOnly(2025, 4, 15))],
                incident.ActionItems.Select(a => (a.Text, a.Done, a.Owner, a.Due ?? default)));
            Assert.Equal(docx, store.Original(file.Id!)!.Bytes);
            Assert.Equal("checkout-outage.docx", stored.Source);
        }
        Assert.Contains("**Checkout** timed out for *forty minutes* because `POOL_SIZE` was unset; see the [status page](" + DocxFixture.Url + ").", stored.Markdown);
        Assert.Contains("## Timeline\n\n- 14:02 the p99 latency alert fired\n  - the on-call engineer acknowledged it\n- 14:09 rolled back to v411\n", stored.Markdown);
        Assert.Contains("1. The variable was renamed in v412\n1. Nothing checked that it was set\n\n```\nDB_POOL_SIZE=50\nPOOL_SIZE=\n```", stored.Markdown);
        Assert.Equal(["an image ('p99 latency graph')", "page footer: 'Confidential, internal only'"], file.NotConverted);
    }

    [Fact]
    public void Every_word_of_the_document_is_in_the_incident_or_listed_as_not_converted()
    {
        var docx = DocxFixture.Postmortem();
        var (file, stored, store) = Import(docx);
        store.Dispose();
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var source = string.Join(' ', document.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>().Select(t => t.Text))
                     + " " + document.MainDocumentPart.FooterParts.Single().Footer!.InnerText;
        var kept = Words(stored.Markdown + " " + string.Join(' ', file.NotConverted!)).ToHashSet(StringComparer.Ordinal);

        Assert.DoesNotContain(Words(source), w => !kept.Contains(w));
    }

    [Fact]
    public void A_file_named_docx_that_is_not_one_fails_alone_with_a_clear_reason()
    {
        Directory.CreateDirectory(_temp.Combine("broken"));
        File.WriteAllText(_temp.Combine("broken", "notes.docx"), "this is plain text, not a Word file");
        using var store = new IncidentStore(_temp.Combine("data"), "tests");

        var file = Assert.Single(new IncidentImporter(store, new IncidentValidator(Samples.Taxonomy.Value)).Import(_temp.Combine("broken"), "alice").Files);

        Assert.Equal(ImportOutcome.Failed, file.Outcome);
        Assert.Contains("notes.docx: not a Word document that can be read", file.Reason, StringComparison.Ordinal);
        Assert.Contains("Save it again as .docx", file.Reason, StringComparison.Ordinal);
        Assert.Equal(0, store.Count());
    }

    private static IEnumerable<string> Words(string text) => Word().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}

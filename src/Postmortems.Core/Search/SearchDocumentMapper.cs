using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Postmortems.Core.Search.Lucene;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Search;

/// <summary>
/// Turns a <see cref="SearchDocument"/> into the Lucene document the index holds: each text stored and indexed in its
/// weighted field and the combined one, the exact fields with their doc values for facets, gaps under their current ids.
/// </summary>
internal sealed class SearchDocumentMapper(Analyzer indexAnalyzer, GapTaxonomy? taxonomy)
{
    public Document ToLucene(SearchDocument source)
    {
        var document = new Document { new StringField(SearchFields.Id, source.Id, Field.Store.YES) };
        AddText(document, SearchFields.Title, source.Title);
        AddText(document, SearchFields.Summary, source.Summary);
        AddText(document, SearchFields.Cause, source.Cause);
        AddText(document, SearchFields.Through, source.Through);
        AddText(document, SearchFields.Meta, source.Meta);
        foreach (var section in source.Body.Where(b => !string.IsNullOrWhiteSpace(b.Text)))
        {
            AddText(document, SearchFields.Body, section.Text);
            document.Add(new StoredField(SearchFields.BodySection, section.Name));
        }
        var spell = new[] { source.Title, source.Summary, source.Cause, source.Through, source.Meta }.Concat(source.Body.Select(b => b.Text)).Where(t => !string.IsNullOrWhiteSpace(t));
        document.Add(new Field(SearchFields.Spell, string.Join("\n", spell), SpellFieldType));

        var gaps = source.Gaps.Select(g => taxonomy?.CurrentGapId(g) ?? g);
        AddExact(document, SearchFields.Gap, gaps);
        AddExact(document, SearchFields.Difference, source.Differences);
        AddExact(document, SearchFields.Service, source.Services);
        AddExact(document, SearchFields.Team, source.Teams);
        AddExact(document, SearchFields.Tag, source.Tags);
        AddExact(document, SearchFields.Author, source.Authors);
        AddExact(document, SearchFields.Severity, [source.Severity]);
        AddExact(document, SearchFields.Status, [source.Status]);
        AddExact(document, SearchFields.DetectedBy, [source.DetectedBy]);
        AddExact(document, SearchFields.Kind, [source.Kind]);
        if (source.Date is { } date)
        {
            var ticks = date.UtcTicks;
            document.Add(new Int64Field(SearchFields.Date, ticks, Field.Store.NO));
            document.Add(new NumericDocValuesField(SearchFields.Date, ticks));
            document.Add(new StoredField(SearchFields.DateText, date.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
            AddExact(document, SearchFields.Year, [date.UtcDateTime.Year.ToString(CultureInfo.InvariantCulture)]);
        }
        if (source.Source is not null) document.Add(new StoredField(SearchFields.Source, source.Source));
        return document;
    }

    private static readonly FieldType TextFieldType = Frozen(new FieldType(TextField.TYPE_NOT_STORED));

    /// <summary>"Did you mean" only asks whether a word is in the index and how many incidents have it.</summary>
    private static readonly FieldType SpellFieldType = Frozen(new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_ONLY, OmitNorms = true });

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }

    /// <summary>
    /// Stores a text and indexes it in its weighted field and in the combined one, from one analysis. One value per
    /// section in both, so that a phrase never spans two sections in either. The title is stored even when empty.
    /// </summary>
    private void AddText(Document document, string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (field == SearchFields.Title) document.Add(new StoredField(field, text));
            return;
        }
        var analyzed = AnalyzedText.Read(indexAnalyzer, field, text);
        document.Add(new StoredField(field, text));
        document.Add(new Field(field, analyzed.Replay(), TextFieldType));
        document.Add(new Field(SearchFields.All, analyzed.Replay(), TextFieldType));
    }

    private static void AddExact(Document document, string field, IEnumerable<string?> values)
    {
        foreach (var value in values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => IncidentAnalyzers.ExactValue(v!)).Distinct(StringComparer.Ordinal))
        {
            document.Add(new StringField(field, value, Field.Store.YES));
            document.Add(new SortedSetDocValuesField(field, new BytesRef(value)));
        }
    }

}

using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Postmortems.Core.Search;

/// <summary>
/// How text becomes terms. Text fields: standard tokens, lower case, English (Porter) stemming with stop words kept
/// out of the stemmer (irregular verbs and the word families it leaves apart are joined: <see cref="WordForms"/>), the
/// synonym map (at index time only), then stop words removed. Exact fields: the whole value, lower-cased. "Did you
/// mean" reads unstemmed words from its own field.
/// </summary>
public static class IncidentAnalyzers
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly CharArraySet StopWords = EnglishAnalyzer.DefaultStopSet;

    /// <summary>Values of a multi-valued text field are this far apart, so a phrase never spans two sections.</summary>
    private const int SectionGap = 100;

    private static readonly Lazy<(SynonymMap Map, HashSet<string> Emitted)> Synonyms = new(BuildSynonyms);

    /// <summary>
    /// Every term a synonym rule can add to a text (each word of a rule's right side, stemmed). Text analysed without
    /// synonyms yields the same tokens, at the same offsets, for any other term: highlighting uses that cheaper chain
    /// when no query term is one of these.
    /// </summary>
    internal static IReadOnlySet<string> SynonymTerms => Synonyms.Value.Emitted;

    /// <summary>For writing documents: text fields get synonyms.</summary>
    public static Analyzer CreateIndexAnalyzer() => PerField(Text(withSynonyms: true));

    /// <summary>For reading queries: the same chain without synonyms (the index already holds them).</summary>
    public static Analyzer CreateQueryAnalyzer() => PerField(Text(withSynonyms: false));

    private static Analyzer PerField(Analyzer text)
    {
        var exact = Exact();
        var perField = new Dictionary<string, Analyzer>();
        foreach (var field in SearchFields.ExactFields) perField[field] = exact;
        perField[SearchFields.Spell] = Words();
        return new PerFieldAnalyzerWrapper(text, perField);
    }

    /// <summary>The text chain up to the stemmer: what synonym rules are read with.</summary>
    private static TokenStream Stemmed(TextReader reader, out Tokenizer tokenizer)
    {
        tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new StandardFilter(Version, tokenizer);
        stream = new EnglishPossessiveFilter(Version, stream);
        stream = new LowerCaseFilter(Version, stream);
        stream = new SetKeywordMarkerFilter(stream, StopWords);
        stream = new TermTableFilter(stream, WordForms.Irregular);
        return new TermTableFilter(new PorterStemFilter(stream), WordForms.Families);
    }

    private static Analyzer Text(bool withSynonyms) => new TextAnalyzer(withSynonyms);

    private sealed class TextAnalyzer(bool withSynonyms) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var stream = Stemmed(reader, out var tokenizer);
            if (withSynonyms) stream = new SynonymFilter(stream, Synonyms.Value.Map, ignoreCase: false);
            stream = new StopFilter(Version, stream, StopWords);
            return new TokenStreamComponents(tokenizer, stream);
        }

        public override int GetPositionIncrementGap(string fieldName) => SectionGap;
    }

    private static Analyzer Exact() => Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new KeywordTokenizer(reader);
        return new TokenStreamComponents(tokenizer, new LowerCaseFilter(Version, tokenizer));
    });

    private static Analyzer Words() => Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        return new TokenStreamComponents(tokenizer, new LowerCaseFilter(Version, tokenizer));
    });

    /// <summary>Lower-cases an exact value the way the exact fields are indexed.</summary>
    public static string ExactValue(string value) => value.Trim().ToLowerInvariant();

    private static (SynonymMap, HashSet<string>) BuildSynonyms()
    {
        var builder = new SynonymMap.Builder(dedup: true);
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        void Add(CharsRef input, CharsRef output)
        {
            builder.Add(input, output, includeOrig: true);
            emitted.UnionWith(output.ToString().Split(SynonymMap.WORD_SEPARATOR));
        }

        foreach (var rule in OpsSynonyms.Rules)
        {
            var arrow = rule.IndexOf("=>", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                var inputs = Phrases(rule[..arrow]);
                var outputs = Phrases(rule[(arrow + 2)..]);
                foreach (var input in inputs)
                    foreach (var output in outputs)
                        Add(input, output);
            }
            else
            {
                var group = Phrases(rule);
                foreach (var input in group)
                    foreach (var output in group)
                        if (!input.Equals(output)) Add(input, output);
            }
        }
        return (builder.Build(), emitted);
    }

    /// <summary>Each comma-separated phrase of a rule, analyzed like text (so "expired" becomes the stem of it).</summary>
    private static List<CharsRef> Phrases(string list)
    {
        var phrases = new List<CharsRef>();
        foreach (var phrase in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = new List<string>();
            using (var stream = Stemmed(new StringReader(phrase), out _))
            {
                var term = stream.AddAttribute<ICharTermAttribute>();
                stream.Reset();
                while (stream.IncrementToken()) words.Add(term.ToString());
                stream.End();
            }
            if (words.Count == 0) throw new InvalidOperationException($"The synonym '{phrase}' has no words");
            var joined = SynonymMap.Builder.Join(words.ToArray(), new CharsRef());
            if (phrases.All(p => !p.Equals(joined))) phrases.Add(joined);
        }
        return phrases;
    }

    /// <summary>The terms a text analyzes to (for tests and "did you mean").</summary>
    public static IReadOnlyList<string> Terms(Analyzer analyzer, string field, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }
}

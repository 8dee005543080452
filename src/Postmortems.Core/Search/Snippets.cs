using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Postmortems.Core.Search;

internal sealed record Snippet(string? Section, string Text, IReadOnlyList<Highlight> Highlights);

/// <summary>
/// The best fragment of an incident for a query, from the section where the query matched best (the query's field
/// weights count), named after its section: "Root cause: ...". With no matching text (a query on exact fields only),
/// the start of the summary.
/// </summary>
internal static partial class Snippets
{
    public const int FragmentSize = 180;
    private const char Open = '\u0002';
    private const char Close = '\u0003';

    public static Snippet Best(Document document, Query query, Analyzer analyzer)
    {
        var candidates = new List<(string Field, string Section, string Text)>();
        foreach (var field in new[] { SearchFields.Cause, SearchFields.Through, SearchFields.Summary })
        {
            if (document.Get(field) is { Length: > 0 } text) candidates.Add((field, SearchFields.SectionNames[field], text));
        }
        var bodies = document.GetValues(SearchFields.Body);
        var sections = document.GetValues(SearchFields.BodySection);
        for (var i = 0; i < bodies.Length; i++) candidates.Add((SearchFields.Body, i < sections.Length ? sections[i] : "Text", bodies[i]));

        (string Section, string Fragment, float Score)? best = null;
        foreach (var (field, section, text) in candidates)
        {
            var fragment = BestFragment(query, analyzer, field, text);
            if (fragment is { } found && (best is null || found.Score > best.Value.Score)) best = (section, found.Text, found.Score);
        }
        if (best is { } chosen) return Format(chosen.Section, chosen.Fragment);

        var fallback = candidates.FirstOrDefault(c => c.Field == SearchFields.Summary);
        if (fallback.Text is null) fallback = candidates.FirstOrDefault();
        if (fallback.Text is null) return new Snippet(null, "", []);
        var start = Clean(fallback.Text);
        if (start.Length > FragmentSize) start = start[..FragmentSize].TrimEnd() + "…";
        return new Snippet(fallback.Section, $"{fallback.Section}: {start}", []);
    }

    private static (string Text, float Score)? BestFragment(Query query, Analyzer analyzer, string field, string text)
    {
        try
        {
            var scorer = new QueryScorer(query, field);
            var highlighter = new Highlighter(new MarkFormatter(), scorer)
            {
                TextFragmenter = new SimpleSpanFragmenter(scorer, FragmentSize),
            };
            using var tokens = analyzer.GetTokenStream(field, text);
            var fragments = highlighter.GetBestTextFragments(tokens, text, false, 1);
            var fragment = fragments.FirstOrDefault(f => f is not null && f.Score > 0);
            if (fragment is null) return null;
            var value = fragment.ToString();
            if (value.IndexOf(Open) < 0) return null;
            var plain = value.Replace(Open.ToString(), "").Replace(Close.ToString(), "");
            var prefix = text.StartsWith(plain.TrimStart(), StringComparison.Ordinal) ? "" : "…";
            var suffix = text.TrimEnd().EndsWith(plain.TrimEnd(), StringComparison.Ordinal) ? "" : "…";
            return (prefix + value.Trim() + suffix, fragment.Score);
        }
        catch (InvalidTokenOffsetsException)
        {
            return null;
        }
    }

    /// <summary>Plain text on one line, and where the marked words are in it.</summary>
    private static Snippet Format(string section, string marked)
    {
        var text = new StringBuilder(section).Append(": ");
        var highlights = new List<Highlight>();
        var start = -1;
        foreach (var c in Clean(marked))
        {
            if (c == Open) start = text.Length;
            else if (c == Close && start >= 0)
            {
                if (text.Length > start) highlights.Add(new Highlight(start, text.Length - start));
                start = -1;
            }
            else text.Append(c);
        }
        return new Snippet(section, text.ToString(), highlights);
    }

    private static string Clean(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed class MarkFormatter : IFormatter
    {
        public string HighlightTerm(string originalText, TokenGroup tokenGroup) =>
            tokenGroup.TotalScore > 0 ? $"{Open}{originalText}{Close}" : originalText;
    }
}

using System.Text.RegularExpressions;
using Postmortems.Tests;

namespace Postmortems.Benchmarks;

/// <summary>
/// The share of incidents that use each word of the query mix, in the generated files and in the public postmortems
/// of ../shared/corpus: the check that generated text has realistic term frequencies, which decide how many incidents
/// a search has to find, score and count.
/// </summary>
public static class WordFrequencies
{
    public sealed record Row(string Word, double Generated, double? Public);

    public static IReadOnlyList<Row> Compare(string generatedFiles, int sample = 2_000)
    {
        var generated = Directory.EnumerateFiles(generatedFiles, "*.md").Order(StringComparer.Ordinal).Take(sample).Select(File.ReadAllText).ToList();
        var corpus = TestPaths.SharedCorpus is { } root
            ? Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith("SOURCE", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith("LICENSE", StringComparison.OrdinalIgnoreCase))
                .Select(File.ReadAllText).ToList()
            : null;
        var words = QueryMix.Queries.SelectMany(q => QueryMix.PlainWords(q).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.ToLowerInvariant()).Where(w => w.Length > 2).Distinct().ToList();
        return words.Select(word =>
        {
            var pattern = new Regex($@"\b{Regex.Escape(word)}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            return new Row(word, Share(generated, pattern), corpus is null ? null : Share(corpus, pattern));
        }).ToList();
    }

    private static double Share(IReadOnlyList<string> texts, Regex pattern) => texts.Count == 0 ? 0 : texts.Count(t => pattern.IsMatch(t)) / (double)texts.Count;
}

using Postmortems.Core.Style;
using Postmortems.Tests;
using Xunit.Abstractions;

namespace Postmortems.Core.Tests.Style;

/// <summary>Precision and recall of the style rules on the labelled sentences (docs/style.md reports these numbers).</summary>
public sealed class StyleMeasurementTests(ITestOutputHelper output)
{
    private const double PrecisionFloor = 0.85;
    private const double RecallFloor = 0.6;

    private static readonly StyleChecker Checker = StyleChecker.Load(TestPaths.Content);

    [Fact]
    public void The_labelled_set_has_at_least_150_sentences_with_every_family_and_fine_ones()
    {
        Assert.True(LabelledSentences.All.Count >= 150, $"{LabelledSentences.All.Count} labelled sentences");
        foreach (var family in LabelledSentences.Families.Append(LabelledSentences.Fine))
            Assert.Contains(LabelledSentences.All, s => s.Labels.Contains(family));
        Assert.All(LabelledSentences.All, s => Assert.All(s.Labels, label => Assert.Contains(label, LabelledSentences.Families.Append(LabelledSentences.Fine))));
        Assert.Contains(LabelledSentences.All, s => s.Split == "heldout");
    }

    [Theory]
    [InlineData("all")]
    [InlineData("heldout")]
    public void Precision_and_recall_over_all_families_stay_above_their_floors(string split)
    {
        var sentences = LabelledSentences.All.Where(s => split == "all" || s.Split == split).ToList();
        var scores = LabelledSentences.Score(Checker, sentences);
        var total = LabelledSentences.Total(scores);
        foreach (var score in scores.Append(total))
            output.WriteLine($"{split} {score.Family}: TP {score.TruePositives} FP {score.FalsePositives} FN {score.FalseNegatives} P {score.Precision:0.00} R {score.Recall:0.00}");

        Assert.True(total.Precision >= PrecisionFloor, $"precision {total.Precision:0.00} on {split}");
        Assert.True(total.Recall >= RecallFloor, $"recall {total.Recall:0.00} on {split}");
        Assert.All(scores, score => Assert.True(score.Precision >= PrecisionFloor, $"{score.Family} precision {score.Precision:0.00} on {split}"));
    }

    [SkippableFact]
    public void Every_corpus_sentence_of_the_labelled_set_is_in_its_file()
    {
        var corpus = TestPaths.SharedCorpus;
        Skip.If(corpus is null, "../shared/corpus is not beside the repository: the floors still run on the labelled file, only its sources are not checked");

        foreach (var sentence in LabelledSentences.All.Where(s => s.Source.StartsWith("corpus/", StringComparison.Ordinal)))
        {
            var file = Path.Combine(corpus!, sentence.Source["corpus/".Length..]);
            var words = Words(File.ReadAllText(file));
            Assert.True(words.Contains(Words(sentence.Text), StringComparison.Ordinal), $"'{sentence.Text}' is not in {file}");
        }
    }

    /// <summary>The words of a text, one space apart: the labelled sentence lost its Markdown and line breaks.</summary>
    private static string Words(string text) =>
        string.Join(' ', text.Split([' ', '\n', '\r', '\t', '*', '`', '_'], StringSplitOptions.RemoveEmptyEntries).Where(w => w is not ("-" or ">")));
}

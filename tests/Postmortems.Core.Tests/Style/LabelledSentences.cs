using Postmortems.Core.Style;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Style;

/// <param name="Split">"tune" (looked at while writing the rules) or "heldout" (measured only once the rules were fixed).</param>
public sealed record LabelledSentence(string Split, IReadOnlySet<string> Labels, string Source, IReadOnlyList<string> People, string Text);

public sealed record FamilyScore(string Family, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
}

/// <summary>The sentences of <c>blameless-labels.tsv</c>, read from the corpus and the seed content and labelled by reading them.</summary>
public static class LabelledSentences
{
    public const string Fine = "fine";

    public static readonly IReadOnlyList<string> Families = ["blaming", "counterfactual", "hindsight", "root-cause"];

    /// <summary>The family each rule of content/style/Blameless reports: what its findings are scored against.</summary>
    public static readonly IReadOnlyDictionary<string, string> RuleFamilies = new Dictionary<string, string>
    {
        ["Blameless.HumanError"] = "blaming",
        ["Blameless.Forgot"] = "blaming",
        [NamedPersonRule.Id] = "blaming",
        ["Blameless.ShouldHave"] = "counterfactual",
        ["Blameless.IfOnly"] = "counterfactual",
        ["Blameless.Hindsight"] = "hindsight",
        ["Blameless.RootCause"] = "root-cause",
    };

    public static string FilePath => Path.Combine(TestPaths.RepoRoot, "tests", "Postmortems.Core.Tests", "Style", "blameless-labels.tsv");

    public static IReadOnlyList<LabelledSentence> All { get; } = Read();

    private static List<LabelledSentence> Read()
    {
        var sentences = new List<LabelledSentence>();
        foreach (var line in File.ReadLines(FilePath))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split('\t');
            if (fields.Length != 5) throw new InvalidDataException($"{FilePath}: '{line}' does not have 5 tab-separated fields");
            sentences.Add(new LabelledSentence(fields[0], fields[1].Split(',').ToHashSet(), fields[2],
                fields[3].Split(' ', StringSplitOptions.RemoveEmptyEntries), fields[4]));
        }
        return sentences;
    }

    /// <summary>The families the checker reports for one sentence.</summary>
    public static IReadOnlySet<string> Flagged(StyleChecker checker, LabelledSentence sentence) =>
        checker.Check(sentence.Text, sentence.People).Select(f => RuleFamilies.GetValueOrDefault(f.RuleId, f.RuleId)).ToHashSet();

    /// <summary>Per family: a sentence counts once, as found when any rule of the family reports it.</summary>
    public static IReadOnlyList<FamilyScore> Score(StyleChecker checker, IEnumerable<LabelledSentence> sentences)
    {
        var flagged = sentences.Select(s => (s.Labels, Flagged: Flagged(checker, s))).ToList();
        return Families.Select(family => new FamilyScore(family,
            flagged.Count(s => s.Labels.Contains(family) && s.Flagged.Contains(family)),
            flagged.Count(s => !s.Labels.Contains(family) && s.Flagged.Contains(family)),
            flagged.Count(s => s.Labels.Contains(family) && !s.Flagged.Contains(family)))).ToList();
    }

    public static FamilyScore Total(IEnumerable<FamilyScore> scores)
    {
        var list = scores.ToList();
        return new FamilyScore("all", list.Sum(s => s.TruePositives), list.Sum(s => s.FalsePositives), list.Sum(s => s.FalseNegatives));
    }
}

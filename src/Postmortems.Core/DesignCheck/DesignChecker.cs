using System.Diagnostics;
using System.Text.RegularExpressions;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Search;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.DesignCheck;

/// <summary>
/// Checks a design (a design doc section, an RFC, a PR description) against the past: the incidents whose text is
/// most like it (its salient terms looked up in the weighted fields, not a phrase), the gaps those incidents name,
/// ranked by summed relevance, their "How to close it" steps merged into one checklist, and the differences that bit
/// similar changes. Thread-safe; reads the index, and the store only for the few incidents it returns.
/// </summary>
/// <param name="store">Where the suggestions of imported incidents are kept; without it only confirmed gaps count.</param>
public sealed partial class DesignChecker(IncidentIndex index, GapTaxonomy taxonomy, IncidentStore? store = null)
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;

    /// <summary>The merged checklist takes the steps of at most this many gaps, the best ranked: a pre-ship checklist
    /// that runs to forty steps is one nobody reads.</summary>
    public const int ChecklistGaps = 3;

    /// <summary>...and only of gaps at least this share as strong as the first: one weak match's gap is listed, not
    /// put on the checklist.</summary>
    public const double ChecklistGapShare = 0.5;

    /// <summary>A gap or difference that is only suggested (an imported incident nobody has reviewed) counts this much.</summary>
    public const double SuggestedWeight = 0.5;

    /// <summary>A match this much weaker than the best shares little more than a word or two with the design.</summary>
    public const double MinRelevance = 0.15;

    private readonly List<(Difference Difference, List<(string Phrase, Regex Pattern)> Signals)> _differenceSignals =
        taxonomy.Differences.Select(d => (d, d.Signals.Select(s => (s, Signal(s))).ToList())).ToList();

    /// <exception cref="DesignInputException">The text is empty or larger than <see cref="DesignInput.MaxBytes"/>.</exception>
    public DesignCheckResult Check(string text, int limit = DefaultLimit)
    {
        if (DesignInput.Problem(text) is { } problem) throw new DesignInputException(problem);
        var clock = Stopwatch.StartNew();
        var found = index.MatchText(text, Math.Clamp(limit, 1, MaxLimit));
        var best = found.Matches.Count > 0 ? found.Matches[0].Score : 0;
        var incidents = found.Matches
            .Where(m => best > 0 && m.Score / best >= MinRelevance)
            .Select(m => ToIncident(m, m.Score / best))
            .ToList();

        var ranked = RankGaps(incidents);
        var gaps = ranked.Select((g, rank) => g with { InChecklist = rank < ChecklistGaps && g.Score >= ranked[0].Score * ChecklistGapShare }).ToList();
        var checklist = MergeChecklists(gaps.Where(g => g.InChecklist));
        var differences = RankDifferences(incidents, text);
        return new DesignCheckResult(
            incidents,
            gaps,
            checklist,
            differences,
            found.Terms.Select(t => t.Word).ToList(),
            clock.Elapsed)
        {
            CaughtBefore = CaughtBeforeBy(incidents),
        };
    }

    /// <summary>The controls named in the near misses' <c>caught-by</c>, most near misses first, then by the best relevance.</summary>
    private List<CaughtBefore> CaughtBeforeBy(IReadOnlyList<DesignIncident> incidents) =>
        incidents
            .Where(i => i.Kind == RecordKind.NearMiss)
            .SelectMany(i => i.CaughtBy.Select(gap => (Gap: gap, NearMiss: i)))
            .GroupBy(x => x.Gap, StringComparer.Ordinal)
            .Select(g => (Gap: taxonomy.FindGap(g.Key), NearMisses: g.Select(x => x.NearMiss).ToList()))
            .Where(g => g.Gap is not null)
            .OrderByDescending(g => g.NearMisses.Count)
            .ThenByDescending(g => g.NearMisses.Max(n => n.Relevance))
            .ThenBy(g => g.Gap!.Id, StringComparer.Ordinal)
            .Select(g => new CaughtBefore(g.Gap!.Id, g.Gap.Title, g.Gap.Kind, g.NearMisses.Select(n => n.Id).ToList(),
                $"This was caught before by `{g.Gap.Id}`: keep it in the plan."))
            .ToList();

    private DesignIncident ToIncident(TextMatch match, double relevance)
    {
        var gaps = match.Gaps.Select(g => taxonomy.CurrentGapId(g)).Distinct().ToList();
        var differences = match.Differences.ToList();
        // A person's gaps and differences are the answer; the importer's guesses stand in only where there are none.
        var suggestions = gaps.Count == 0 || differences.Count == 0 ? store?.Get(match.Id)?.Suggestions ?? [] : [];
        var suggestedGaps = gaps.Count > 0 ? [] : Suggested(suggestions, SuggestionKind.Gap).Select(g => taxonomy.CurrentGapId(g)).Distinct().ToList();
        var suggestedDifferences = differences.Count > 0 ? [] : Suggested(suggestions, SuggestionKind.Difference).ToList();
        // The index does not say which matches are near misses; the store does, for the few matches returned.
        var stored = store?.Get(match.Id);
        return new DesignIncident(
            match.Id,
            match.Title,
            match.Source,
            match.Date,
            Math.Round(relevance, 3),
            new DesignWhy(match.SharedWords, match.Section, match.Snippet, match.Highlights),
            gaps,
            suggestedGaps,
            differences,
            suggestedDifferences)
        {
            Kind = RecordKind.Of(stored?.Kind),
            CaughtBy = stored?.CaughtBy.Select(g => taxonomy.CurrentGapId(g)).Distinct().ToList() ?? [],
        };
    }

    private static IEnumerable<string> Suggested(IEnumerable<Suggestion> suggestions, string kind) =>
        suggestions.Where(s => s.Kind == kind).OrderByDescending(s => s.Score).Select(s => s.Id);

    private List<DesignGap> RankGaps(IReadOnlyList<DesignIncident> incidents)
    {
        var votes = new Dictionary<string, (double Score, List<string> Incidents, List<string> Suggested)>(StringComparer.Ordinal);
        foreach (var incident in incidents)
        {
            foreach (var (id, suggested) in incident.Gaps.Select(g => (g, false)).Concat(incident.SuggestedGaps.Select(g => (g, true))))
            {
                if (taxonomy.FindGap(id) is null) continue;
                var vote = votes.GetValueOrDefault(id, (0, [], []));
                vote.Score += incident.Relevance * (suggested ? SuggestedWeight : 1);
                vote.Incidents.Add(incident.Id);
                if (suggested) vote.Suggested.Add(incident.Id);
                votes[id] = vote;
            }
        }
        return votes
            .OrderByDescending(v => v.Value.Score)
            .ThenByDescending(v => v.Value.Incidents.Count)
            .ThenBy(v => v.Key, StringComparer.Ordinal)
            .Select(v =>
            {
                var gap = taxonomy.FindGap(v.Key)!;
                return new DesignGap(gap.Id, gap.Title, gap.Kind, gap.Description, Math.Round(v.Value.Score, 3),
                    v.Value.Incidents, v.Value.Suggested, gap.Checklist, InChecklist: false);
            })
            .ToList();
    }

    /// <summary>The gaps' steps in rank order; a step two gaps share (same words) appears once, naming both.</summary>
    private static List<ChecklistItem> MergeChecklists(IEnumerable<DesignGap> gaps)
    {
        var items = new List<(string Text, List<string> Gaps, List<string> Incidents)>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var gap in gaps)
        {
            foreach (var step in gap.Checklist)
            {
                var key = StepKey(step);
                if (!byKey.TryGetValue(key, out var at))
                {
                    at = items.Count;
                    byKey[key] = at;
                    items.Add((step.Trim(), [], []));
                }
                var item = items[at];
                if (!item.Gaps.Contains(gap.Id)) item.Gaps.Add(gap.Id);
                foreach (var incident in gap.Incidents.Where(i => !item.Incidents.Contains(i))) item.Incidents.Add(incident);
            }
        }
        return items.Select(i => new ChecklistItem(i.Text, i.Gaps, i.Incidents)).ToList();
    }

    private static string StepKey(string step) => Spaces().Replace(step.Trim().TrimEnd('.', ';', ':').ToLowerInvariant(), " ");

    private List<DesignDifference> RankDifferences(IReadOnlyList<DesignIncident> incidents, string text)
    {
        var votes = new Dictionary<string, (double Score, List<string> Incidents)>(StringComparer.Ordinal);
        foreach (var incident in incidents)
        {
            foreach (var (id, suggested) in incident.Differences.Select(d => (d, false)).Concat(incident.SuggestedDifferences.Select(d => (d, true))))
            {
                if (taxonomy.FindDifference(id) is null) continue;
                var vote = votes.GetValueOrDefault(id, (0, []));
                vote.Score += incident.Relevance * (suggested ? SuggestedWeight : 1);
                if (!vote.Incidents.Contains(incident.Id)) vote.Incidents.Add(incident.Id);
                votes[id] = vote;
            }
        }
        return votes
            .OrderByDescending(v => v.Value.Score)
            .ThenBy(v => v.Key, StringComparer.Ordinal)
            .Select(v =>
            {
                var (difference, signals) = _differenceSignals.First(d => d.Difference.Id.Equals(v.Key, StringComparison.OrdinalIgnoreCase));
                var mentioned = signals.Where(s => s.Pattern.IsMatch(text)).Select(s => s.Phrase).ToList();
                return new DesignDifference(difference.Id, difference.Title, difference.Description, Math.Round(v.Value.Score, 3), v.Value.Incidents, mentioned);
            })
            .ToList();
    }

    /// <summary>A signal phrase as whole words, any case, any run of spaces between them, its last word also plural.</summary>
    private static Regex Signal(string phrase) =>
        new($@"(?<![\p{{L}}\p{{N}}]){string.Join(@"\s+", phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape))}(?:e?s)?(?![\p{{L}}\p{{N}}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

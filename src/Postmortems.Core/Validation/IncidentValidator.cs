using System.Text.RegularExpressions;
using Postmortems.Core.Format;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Validation;

/// <summary>
/// The rules an incident must follow. Every problem is reported at once, each with its line and a fix.
/// Drafts need only an id and a title; an incident in review or published must be complete; an imported one is
/// never rejected for what it lacks, but what it lacks is listed as warnings.
/// </summary>
public sealed partial class IncidentValidator(GapTaxonomy taxonomy)
{
    public IReadOnlyList<Problem> Validate(IncidentDocument document, bool fileNameMustMatchId = false)
    {
        var problems = new List<Problem>(document.Problems);
        var incident = document.Incident;
        var file = document.File;

        if (!document.FrontMatter.Readable)
        {
            if (problems.Count == 0)
                problems.Add(new Problem(file, 1, "The file has no front matter",
                    "Start the file with a '---' line, the fields (id, title, date, severity, status, ...), and another '---' line"));
            return problems;
        }

        CheckId(document, fileNameMustMatchId, problems);
        if (incident.Title is null)
            problems.Add(new Problem(file, document.LineOf("title"), "The incident has no title", "Add 'title: ' with one line that says what failed"));
        CheckStatus(document, problems);
        CheckOneOf(document, "severity", incident.Severity, IncidentSeverity.All, "sev1 is the worst, sev4 the mildest", problems);
        var complete = new Completeness(document, problems);
        CheckOneOf(document, "detected-by", incident.DetectedBy, DetectionSource.All, null, problems, required: false);
        if (!document.FrontMatter.Keys.Contains("date"))
            complete.Require(document.LineOf("date"), "The incident has no date", "Add 'date: YYYY-MM-DD' (the day it started)");
        if (incident.Duration is { } duration && !DurationPattern().IsMatch(duration))
            problems.Add(new Problem(file, document.LineOf("duration"), $"Duration '{duration}' is not a duration", "Write it as 47m, 2h15m or 1d4h"));

        CheckKind(document, problems);
        if (incident.IsNearMiss) CheckCaughtBy(document, problems, complete);
        else CheckGaps(document, problems, complete);
        CheckDifferences(document, problems, complete);
        CheckSections(document, complete);
        CheckGuidance(document, complete);
        CheckActionItems(document, problems);
        return problems.OrderBy(p => p.Line).ToList();
    }

    /// <summary>Validates a set of files together, so that an id used twice is reported in both files.</summary>
    public IReadOnlyList<Problem> ValidateAll(IEnumerable<IncidentDocument> documents, bool fileNameMustMatchId = true)
    {
        var problems = new List<Problem>();
        var byId = new Dictionary<string, IncidentDocument>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            problems.AddRange(Validate(document, fileNameMustMatchId));
            if (document.Incident.Id is not { } id) continue;
            if (byId.TryGetValue(id, out var first))
            {
                problems.Add(new Problem(document.File, document.LineOf("id"), $"Id '{id}' is already used by {first.File}",
                    "Give this incident its own id (and rename the file to match)"));
            }
            else
            {
                byId[id] = document;
            }
        }
        return problems;
    }

    private static void CheckId(IncidentDocument document, bool fileNameMustMatchId, List<Problem> problems)
    {
        var id = document.Incident.Id;
        if (id is null)
        {
            problems.Add(new Problem(document.File, 1, "The incident has no id", "Add 'id: YYYY-MM-DD-short-name' (lowercase letters, digits and dashes)"));
            return;
        }
        if (!GapTaxonomy.Slug().IsMatch(id))
        {
            var suggestion = SlugFrom(id);
            problems.Add(new Problem(document.File, document.LineOf("id"), $"Id '{id}' is not a slug",
                suggestion.Length > 0 ? $"Use lowercase letters, digits and dashes only, for example '{suggestion}'" : "Use lowercase letters, digits and dashes only"));
            return;
        }
        if (fileNameMustMatchId && Path.GetFileName(document.File) is var name && name != id + ".md")
            problems.Add(new Problem(document.File, document.LineOf("id"), $"The file name '{name}' does not match the id '{id}'", $"Rename the file to '{id}.md', or change the id"));
    }

    public static string SlugFrom(string text) =>
        NonSlug().Replace(text.ToLowerInvariant(), "-").Trim('-');

    private static void CheckStatus(IncidentDocument document, List<Problem> problems)
    {
        var status = document.Incident.Status;
        if (status is null)
        {
            problems.Add(new Problem(document.File, document.LineOf("status"), "The incident has no status",
                $"Add 'status: draft' (or {IncidentStatus.InReview}, {IncidentStatus.Published})"));
        }
        else if (!IncidentStatus.All.Contains(status))
        {
            problems.Add(new Problem(document.File, document.LineOf("status"), $"Status '{status}' is unknown",
                $"Use one of: {string.Join(", ", IncidentStatus.All)}{DidYouMean(status, IncidentStatus.All)}"));
        }
    }

    private static void CheckOneOf(IncidentDocument document, string key, string? value, IReadOnlyList<string> allowed, string? hint, List<Problem> problems, bool required = true)
    {
        if (value is null)
        {
            if (required)
                new Completeness(document, problems).Require(document.LineOf(key), $"The incident has no {key}", $"Add '{key}: ' with one of: {string.Join(", ", allowed)}");
            return;
        }
        if (allowed.Contains(value)) return;
        problems.Add(new Problem(document.File, document.LineOf(key), $"{Capitalize(key)} '{value}' is unknown",
            $"Use one of: {string.Join(", ", allowed)}{(hint is null ? "" : $" ({hint})")}{DidYouMean(value, allowed)}"));
    }

    private void CheckGaps(IncidentDocument document, List<Problem> problems, Completeness complete)
    {
        var incident = document.Incident;
        for (var i = 0; i < incident.Gaps.Count; i++)
        {
            var id = incident.Gaps[i].Id;
            if (taxonomy.FindGap(id) is null)
                problems.Add(new Problem(document.File, document.LineOf($"gaps/{i}"), $"Gap '{id}' is unknown",
                    $"Use a gap from the taxonomy{DidYouMean(id, taxonomy.GapIdsAndAliases)}"));
        }
        if (incident.Gaps.Count == 0)
        {
            complete.Require(document.LineOf("gaps"), $"{complete.Subject} must name the gap that let it through",
                "Add 'gaps: [gap-id]' with the review, testing, release or observability control that should have caught it");
        }
    }

    private void CheckKind(IncidentDocument document, List<Problem> problems)
    {
        var incident = document.Incident;
        if (incident.Kind is { } kind && !RecordKind.All.Contains(kind))
            problems.Add(new Problem(document.File, document.LineOf("kind"), $"Kind '{kind}' is unknown",
                $"Use one of: {string.Join(", ", RecordKind.All)} (no kind is an incident){DidYouMean(kind, RecordKind.All)}"));
        if (!incident.IsNearMiss && incident.CaughtBy.Count > 0)
            problems.Add(new Problem(document.File, document.LineOf("caught-by"), "Only a near miss has 'caught-by': an incident got through",
                "Add 'kind: near-miss' if it was caught before production, or name the controls that missed it under 'gaps'"));
        if (incident.RecurrenceOf is { } earlier)
        {
            if (!GapTaxonomy.Slug().IsMatch(earlier))
                problems.Add(new Problem(document.File, document.LineOf("recurrence-of"), $"'recurrence-of: {earlier}' is not an id",
                    "Write the id of the earlier incident or near miss, for example 'recurrence-of: 2025-03-14-checkout-pool-exhaustion'"));
            else if (earlier == incident.Id)
                problems.Add(new Problem(document.File, document.LineOf("recurrence-of"), "A record cannot be a recurrence of itself",
                    "Write the id of the earlier incident or near miss it happened again after, or remove 'recurrence-of'"));
        }
    }

    /// <summary>A near miss names the control that caught it; the gaps it names, if any, are the ones that missed it first.</summary>
    private void CheckCaughtBy(IncidentDocument document, List<Problem> problems, Completeness complete)
    {
        var incident = document.Incident;
        foreach (var (key, links) in new[] { ("caught-by", incident.CaughtBy), ("gaps", incident.Gaps) })
        {
            for (var i = 0; i < links.Count; i++)
            {
                var id = links[i].Id;
                if (taxonomy.FindGap(id) is null)
                    problems.Add(new Problem(document.File, document.LineOf($"{key}/{i}"), $"Gap '{id}' in '{key}' is unknown",
                        $"Use a gap from the taxonomy{DidYouMean(id, taxonomy.GapIdsAndAliases)}"));
            }
        }
        if (incident.CaughtBy.Count == 0)
            complete.Require(document.LineOf("caught-by"), "A near miss must name the control that caught it",
                "Add 'caught-by: [gap-id]' with the review, testing, release or observability control that stopped it");
    }

    private void CheckDifferences(IncidentDocument document, List<Problem> problems, Completeness complete)
    {
        var incident = document.Incident;
        for (var i = 0; i < incident.Differences.Count; i++)
        {
            var id = incident.Differences[i];
            if (taxonomy.FindDifference(id) is null)
                problems.Add(new Problem(document.File, document.LineOf($"differences/{i}"), $"Difference '{id}' is unknown",
                    $"Use one of: {string.Join(", ", taxonomy.Differences.Select(d => d.Id))}{DidYouMean(id, taxonomy.Differences.Select(d => d.Id))}"));
        }
        if (incident.Differences.Count == 0)
            complete.Require(document.LineOf("differences"), "The incident does not say what differed between dev and prod",
                $"Add 'differences: [...]' with one or more of: {string.Join(", ", taxonomy.Differences.Select(d => d.Id))}");
    }

    private static void CheckSections(IncidentDocument document, Completeness complete)
    {
        var incident = document.Incident;
        foreach (var required in incident.IsNearMiss ? NearMissSections.Required : StandardSections.Required)
        {
            var section = incident.Section(required);
            if (section is null)
            {
                var (line, where) = WhereToAdd(document, required);
                complete.Require(line, $"Required section '## {required}' is missing", $"Add a '## {required}' section {where}");
            }
            else if (section.Markdown.Length == 0)
            {
                complete.Require(section.Line, $"Section '## {required}' is empty", $"Write the {required.ToLowerInvariant()} under the heading");
            }
        }
    }

    /// <summary>The template's own words are not the incident's: they must be replaced before review or publishing.</summary>
    private static void CheckGuidance(IncidentDocument document, Completeness complete)
    {
        var incident = document.Incident;
        if (incident.Id is { } id && TemplateGuidance.IsPlaceholderId(id))
            complete.Require(document.LineOf("id"), $"Id '{id}' still ends in the template's '{TemplateGuidance.IdEnding}'",
                "Put a few words that name this incident after the date, for example 2025-03-14-checkout-pool-exhaustion");
        if (incident.Title is TemplateGuidance.Title or TemplateGuidance.NearMissTitle)
            complete.Require(document.LineOf("title"), "The title is still the template's placeholder", "Write one line that says what failed and why");
        foreach (var line in TemplateGuidance.GuidanceLines(document))
            complete.Require(line, "This line is still the template's guidance text", "Replace it with what happened here, or delete it");
    }

    /// <summary>
    /// What a complete incident needs: an error for one in review or published, a warning for an imported one,
    /// nothing for a draft.
    /// </summary>
    private sealed class Completeness(IncidentDocument document, List<Problem> problems)
    {
        private readonly Incident _incident = document.Incident;

        public string Subject => _incident.Status switch
        {
            IncidentStatus.Published => "A published incident",
            IncidentStatus.InReview => "An in-review incident",
            _ => "An incident",
        };

        public void Require(int line, string message, string fix)
        {
            if (_incident.IsImported)
                problems.Add(new Problem(document.File, line, message, $"{fix} (needed before it can be published)", IsWarning: true));
            else if (!_incident.IsDraft)
                problems.Add(new Problem(document.File, line, message, fix));
        }
    }

    /// <summary>Where a missing section belongs: before the next standard section the file has, else at the end.</summary>
    private static (int Line, string Where) WhereToAdd(IncidentDocument document, string missing)
    {
        var order = document.Incident.IsNearMiss ? NearMissSections.InOrder : StandardSections.InOrder;
        foreach (var later in order.SkipWhile(s => s != missing).Skip(1))
        {
            if (document.Incident.Section(later) is { } next) return (next.Line, $"before '## {next.Title}'");
        }
        return (document.LineCount, "at the end of the file");
    }

    private void CheckActionItems(IncidentDocument document, List<Problem> problems)
    {
        foreach (var item in document.Incident.ActionItems)
        {
            if (item.Gap is { } gap && taxonomy.FindGap(gap) is null)
                problems.Add(new Problem(document.File, item.Line, $"Action item names unknown gap 'gap:{gap}'", $"Use a gap from the taxonomy{DidYouMean(gap, taxonomy.GapIdsAndAliases)}"));
        }
    }

    private static string DidYouMean(string value, IEnumerable<string> known)
    {
        var nearest = EditDistance.NearestKnown(value, known);
        return nearest is null ? "" : $". Did you mean '{nearest}'?";
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"^(\d+d)?(\d+h)?(\d+m)?(\d+s)?$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}

using System.Text.RegularExpressions;

namespace Postmortems.Core.Format;

/// <summary>
/// The guidance text of content/template.md: what tells an author what to write, not what happened. An incident still
/// holding it is not finished, so it may be a draft but cannot go to review or be published. A test keeps this list
/// in step with the template file.
/// </summary>
public static partial class TemplateGuidance
{
    public const string Title = "One line that says what failed and why";

    /// <summary>The placeholder title of content/template-near-miss.md.</summary>
    public const string NearMissTitle = "One line that says what would have failed and what stopped it";

    /// <summary>The end of the template's id, after the date the editor fills in.</summary>
    public const string IdEnding = "short-name";

    /// <summary>The template's guidance lines, with any date written as YYYY-MM-DD (the editor fills in today's).</summary>
    public static readonly IReadOnlyList<string> Lines =
    [
        "What happened, in two or three sentences a newcomer would understand.",
        "Who was affected, how many, for how long, and what it cost.",
        "- HH:MM what happened",
        "The configuration, data, scale, dependency or environment that was not the same.",
        "Why review, tests and the release process did not catch it: the story behind `gaps`.",
        "- [ ] What will change @owner due:YYYY-MM-DD",
        "What it would have done in production: who would have been affected, how badly, for how long.",
        "Which control stopped it, at what step, and what made it visible: the story behind `caught-by`.",
    ];

    public static bool IsGuidance(string line) =>
        Lines.Contains(Dates().Replace(line.Trim(), "YYYY-MM-DD"), StringComparer.Ordinal);

    public static bool IsPlaceholderId(string id) =>
        id == IdEnding || id.EndsWith("-" + IdEnding, StringComparison.Ordinal);

    /// <summary>The 1-based lines after the front matter that are still guidance.</summary>
    public static IEnumerable<int> GuidanceLines(IncidentDocument document)
    {
        var lines = document.Text.Split('\n');
        var first = document.FrontMatter.Present ? document.FrontMatter.ClosingLine : 0;
        for (var i = first; i < lines.Length; i++)
        {
            if (IsGuidance(lines[i])) yield return i + 1;
        }
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex Dates();
}

using Postmortems.Core.Format;

namespace Postmortems.Web.Components.Pages.Write;

/// <summary>The front matter's form: each change rewrites only its own key's lines of the text.</summary>
public sealed partial class IncidentEditor
{
    private IReadOnlyList<string> PickedGaps =>
        _analysis.Document.Incident.Gaps.Select(g => Taxonomy.CurrentGapId(g.Id)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The date as written, which tells a date alone from a time at midnight.</summary>
    private string? RawDate =>
        _analysis.Document.FrontMatter.Mapping.Scalar("date");

    private Task SetGaps(IReadOnlyList<string> ids) => EditFrontMatter(text => IncidentEdits.SetGaps(text, ids));

    private Task SetDifferences(IReadOnlyList<string> ids) => EditFrontMatter(text => IncidentEdits.SetList(text, "differences", ids));

    private Task SetField(FrontMatterChange change) => EditFrontMatter(change.Apply);

    private async Task EditFrontMatter(Func<string, string> edit)
    {
        CancelDebounce();
        // The form is disabled while the front matter is not YAML; a change typed since then is simply not made.
        await EditText(edit);
        _analysis = Analyze(_text);
    }
}

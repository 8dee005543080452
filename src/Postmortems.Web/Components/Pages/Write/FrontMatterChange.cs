using Postmortems.Core.Format;

namespace Postmortems.Web.Components.Pages.Write;

/// <summary>One field of the front-matter form, changed: a one-line value, or a list.</summary>
public sealed record FrontMatterChange(string Key, string? Value, IReadOnlyList<string>? Values = null)
{
    /// <summary>Rewrites the key's own lines of the text and nothing else.</summary>
    public string Apply(string text) =>
        Values is not null ? IncidentEdits.SetList(text, Key, Values) : IncidentEdits.SetScalar(text, Key, Value);
}

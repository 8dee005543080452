using Postmortems.Core.Format;

namespace Postmortems.Web.Components.Pages.Write;

/// <summary>What the editor shows: the states its tests and the end-to-end test read from <c>data-state</c>.</summary>
public static class EditorStates
{
    public const string Valid = "valid";
    public const string Invalid = "invalid";
    public const string Saving = "saving";
    public const string SaveFailed = "save-failed";
    public const string Conflict = "conflict";
}

/// <summary>The text as of the last analysis: parsed, validated and rendered.</summary>
/// <param name="PublishProblems">The errors that would stop this text from being published, as one types (for a
/// published text, its own errors).</param>
/// <param name="Unreadable">The YAML reader gave up on the front matter: <see cref="Document"/> is an empty stand-in.</param>
public sealed record EditorAnalysis(
    string Text,
    IncidentDocument Document,
    IReadOnlyList<Problem> Problems,
    string Html,
    IReadOnlyList<Problem> PublishProblems,
    bool Unreadable = false)
{
    public int Errors => Problems.Count(p => !p.IsWarning);

    public int PublishErrors => PublishProblems.Count;

    /// <summary>The pickers write the front matter only when it can be read (or is missing and can be added).</summary>
    public bool FrontMatterEditable => !Unreadable && (Document.FrontMatter.Readable || !Document.FrontMatter.Present);
}

/// <summary>Someone else's save (or deletion) that stopped this one.</summary>
public sealed record EditConflict(string? By, DateTimeOffset? At, int Revision, string? TheirMarkdown, bool Deleted, bool NewIncident);

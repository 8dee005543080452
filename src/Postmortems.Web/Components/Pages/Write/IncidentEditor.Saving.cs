using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.JSInterop;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Components.Pages.Write;

/// <summary>Saving: the status it keeps or moves to, what stops it, and someone else's save in between.</summary>
public sealed partial class IncidentEditor
{
    /// <summary>How long a save waits for the browser to confirm that the server has all of the text.</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);

    private const string StillHere = "Everything you typed is still here, and kept in this browser until the server has it.";

    private bool _saving;
    private string _attemptedStatus = IncidentStatus.Draft;
    private string? _blockedStatus;
    private string? _saveError;
    private EditConflict? _conflict;
    private bool _showTheirs;

    /// <summary>Saves as a new revision with the status the text has: a published incident stays published.</summary>
    private Task Save() => SaveAs(Status);

    private Task SubmitForReview() => SaveAs(IncidentStatus.InReview);

    private Task Publish() => SaveAs(IncidentStatus.Published);

    /// <summary>Taking a published or in-review incident back to draft is its own action, never a side effect of saving.</summary>
    private Task MoveBackToDraft() => SaveAs(IncidentStatus.Draft);

    /// <summary>
    /// Makes sure the server has every character typed, sets the status, validates for it, and saves only when nothing
    /// is wrong. Whatever happens, the text stays in the editor and in the browser; only a save the store confirmed
    /// clears the browser's copy.
    /// </summary>
    private async Task SaveAs(string status)
    {
        if (_saving) return;
        CancelDebounce();
        _blockedStatus = null;
        _saveError = null;
        _attemptedStatus = status;
        _saving = true;
        StateHasChanged();
        try
        {
            if (await ServerTextProblem() is { } problem)
            {
                _saveError = problem;
                return;
            }
            if (status != _analysis.Document.Incident.Status) await EditText(text => IncidentEdits.SetStatus(text, status));
            _analysis = Analyze(_text);
            if (_analysis.Errors > 0)
            {
                _blockedStatus = status;
                return;
            }
            var author = await Author.WriterInPageAsync()
                ?? throw new InvalidOperationException("Only an author may save: the editor page requires the author policy.");
            var result = await Saver.SaveAsync(ToSave(), author, _baseRevision);
            _conflict = null;
            await ForgetInBrowser();
            Navigation.NavigateTo(IncidentPageLink(result.Id));
        }
        catch (ConcurrentEditException conflict)
        {
            _conflict = ConflictFrom(conflict);
            _showTheirs = false;
        }
        catch (Exception e) when (e is not JSDisconnectedException)
        {
            _saveError = e.Message.EndsWith('.') ? e.Message : e.Message + ".";
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>The text as stored: with CRLF line ends again when it had them.</summary>
    private IncidentDocument ToSave() =>
        _crlf ? IncidentDocument.Parse(_text.Replace("\n", "\r\n", StringComparison.Ordinal), FileName) : _analysis.Document;

    /// <summary>Null when the server's text is the browser's, else what went wrong, said for the author.</summary>
    private async Task<string?> ServerTextProblem()
    {
        if (_module is null) return "the page is not connected to the server yet.";
        TextCheck? check;
        try
        {
            using var timeout = new CancellationTokenSource(FlushTimeout);
            check = await _module.InvokeAsync<TextCheck?>("flush", timeout.Token, _textarea);
        }
        catch (Exception e) when (e is JSException or TaskCanceledException or OperationCanceledException)
        {
            return "the browser could not send all of your text to the server (the connection may be down).";
        }
        if (check is null) return "the browser did not say which text it holds.";
        if (check.Length != _text.Length || check.Hash != TextSync.Hash(_text))
            return "the server's copy of your text differs from the editor's (an edit did not arrive); it is being sent again.";
        return null;
    }

    private EditConflict ConflictFrom(ConcurrentEditException conflict)
    {
        if (conflict.Current is { } current)
            return new EditConflict(current.UpdatedBy, current.UpdatedAt, current.Revision, current.Markdown, Deleted: false, NewIncident: IncidentId is null);
        var deletion = Store.Revisions(conflict.Id).LastOrDefault(r => r.Deleted);
        return new EditConflict(deletion?.Author, deletion?.At, deletion?.Number ?? 0, null, Deleted: true, NewIncident: IncidentId is null);
    }

    private static string ConflictSentence(EditConflict conflict)
    {
        var who = conflict.By ?? "someone";
        var when = conflict.At is { } at ? $" at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "";
        if (conflict.Deleted) return $"{who} deleted this incident{when} after you started editing it.";
        if (conflict.NewIncident) return $"{who} saved an incident with this id{when} (revision {conflict.Revision}).";
        return $"{who} saved this incident{when} (revision {conflict.Revision}) after you started editing it.";
    }

    /// <summary>
    /// The author has seen the other version and chose theirs to be replaced: the save now expects that revision, so a
    /// third save in between would again be a conflict.
    /// </summary>
    private async Task SaveMineOverTheirs()
    {
        if (_conflict is null) return;
        _baseRevision = _conflict.Deleted ? 0 : _conflict.Revision;
        _conflict = null;
        _showTheirs = false;
        await CallModule("setBaseRevision", _textarea, _baseRevision);
        await SaveAs(_attemptedStatus);
    }

    private void ToggleTheirs() => _showTheirs = !_showTheirs;

    private bool ShowingTheirs => _showTheirs && _conflict?.TheirMarkdown is not null;

    internal sealed record DiffLine(string Kind, string Marker, string Text);

    private IEnumerable<DiffLine> TheirDiff =>
        InlineDiffBuilder.Diff(_conflict?.TheirMarkdown ?? "", _text, ignoreWhiteSpace: false).Lines.Select(line => line.Type switch
        {
            ChangeType.Deleted => new DiffLine("theirs", "−", line.Text),
            ChangeType.Inserted => new DiffLine("mine", "+", line.Text),
            _ => new DiffLine("same", " ", line.Text),
        });

    private async Task DiscardRestoredDraft()
    {
        CancelDebounce();
        _restored = null;
        _text = _initial;
        _baseRevision = BaseRevision;
        _conflict = null;
        _blockedStatus = null;
        _analysis = Analyze(_text);
        await CallModule("replaceText", _textarea, _text);
        await ForgetInBrowser();
        await CallModule("setBaseRevision", _textarea, _baseRevision);
    }

    private static string StatusWords(string status) => status switch
    {
        IncidentStatus.Draft => "saved as a draft",
        IncidentStatus.InReview => "submitted for review",
        IncidentStatus.Published => "published",
        _ => $"saved as {status}",
    };
}

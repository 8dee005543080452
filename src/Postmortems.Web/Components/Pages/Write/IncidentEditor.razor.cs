using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Postmortems.Core.Format;
using Postmortems.Core.Rendering;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Web.Api;

namespace Postmortems.Web.Components.Pages.Write;

/// <summary>
/// The postmortem editor: Markdown on the left, the sanitized preview on the right, the validator's problems as you
/// type, pickers that write the front matter, and saves that never lose a character. What is typed is kept in the
/// browser (draft.js) until the server has it; a save carries the revision the text started from, so someone else's
/// save in between is shown as a conflict, never overwritten.
/// </summary>
public sealed partial class IncidentEditor : ComponentBase, IAsyncDisposable
{
    /// <summary>How long typing must pause before the text is validated and the preview redrawn.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    public const string ModulePath = "./js/draft.js";

    [Inject] private IncidentValidator Validator { get; set; } = null!;
    [Inject] private MarkdownRenderer Renderer { get; set; } = null!;
    [Inject] private GapTaxonomy Taxonomy { get; set; } = null!;
    [Inject] private IncidentStore Store { get; set; } = null!;
    [Inject] private IIncidentSaver Saver { get; set; } = null!;
    [Inject] private CurrentAuthor Author { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;

    /// <summary>The text the editor starts from: the stored incident, or the template for a new one.</summary>
    [Parameter, EditorRequired] public string InitialText { get; set; } = "";

    /// <summary>The stored revision <see cref="InitialText"/> is; 0 for a new incident.</summary>
    [Parameter] public int BaseRevision { get; set; }

    /// <summary>The incident being edited, or null for a new one.</summary>
    [Parameter] public string? IncidentId { get; set; }

    /// <summary>The stored title, for the heading.</summary>
    [Parameter] public string? Title { get; set; }

    private string _text = "";
    private int _baseRevision;
    private EditorAnalysis _analysis = null!;
    private int _analyses;
    private bool _interactive;
    private bool _saving;
    private string _attemptedStatus = IncidentStatus.Draft;
    private string? _blockedStatus;
    private string? _saveError;
    private EditConflict? _conflict;
    private bool _showTheirs;
    private BrowserDraft? _restored;
    private CancellationTokenSource? _debounce;
    private IJSObjectReference? _module;
    private ElementReference _textarea;

    /// <summary>Where the browser keeps this incident's unsaved text.</summary>
    public string DraftKey => DraftKeyFor(IncidentId);

    public static string DraftKeyFor(string? incidentId) => $"postmortems-draft:{incidentId ?? "new"}";

    private string State =>
        _saving ? EditorStates.Saving
        : _conflict is not null ? EditorStates.Conflict
        : _saveError is not null ? EditorStates.SaveFailed
        : _analysis.Errors > 0 ? EditorStates.Invalid
        : EditorStates.Valid;

    private bool Busy => _saving || !_interactive;

    private string Heading => IncidentId is null ? "New postmortem" : $"Edit: {Title ?? IncidentId}";

    private string SubHeading
    {
        get
        {
            var status = _analysis.Document.Incident.Status ?? IncidentStatus.Draft;
            var origin = IncidentId is null ? "From the template" : $"Editing revision {_baseRevision}";
            var kept = !_interactive ? "connecting…"
                : _text == InitialText ? "no changes yet"
                : "unsaved changes, kept in this browser until saved";
            return $"{origin} · status {status} · {kept}";
        }
    }

    private bool ShowingTheirs => _showTheirs && _conflict?.TheirMarkdown is not null;

    private IReadOnlyList<string> PickedGaps =>
        _analysis.Document.Incident.Gaps.Select(g => Taxonomy.FindGap(g.Id)?.Id ?? g.Id).Distinct(StringComparer.Ordinal).ToList();

    protected override void OnInitialized()
    {
        _text = InitialText;
        _baseRevision = BaseRevision;
        _analysis = Analyze(_text);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            var draft = await _module.InvokeAsync<BrowserDraft?>("load", DraftKey);
            if (draft is not null && draft.Text == _text)
            {
                await _module.InvokeVoidAsync("clear", DraftKey);
            }
            else if (draft is not null)
            {
                // The text the server never got wins over the stored one; its own base revision goes with it, so that
                // a save over a newer stored revision is a conflict to look at.
                _restored = draft;
                _text = draft.Text;
                _baseRevision = draft.BaseRevision;
                _analysis = Analyze(_text);
            }
            await _module.InvokeVoidAsync("attach", _textarea, DraftKey, _baseRevision);
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        catch (JSException)
        {
            // No module or no storage: editing and saving work without the browser's copy.
        }
        _interactive = true;
        StateHasChanged();
    }

    /// <summary>
    /// The textarea's input handler. Typing alone changes nothing else on the page until the pause (the textarea
    /// already shows what was typed), so a keystroke does not re-render the editor: the handler's receiver is not the
    /// component, whose event handling would.
    /// </summary>
    private EventCallback<ChangeEventArgs> InputHandler => EventCallback.Factory.Create<ChangeEventArgs>(WithoutRender.Instance, OnInput);

    private void OnInput(ChangeEventArgs e)
    {
        _text = e.Value as string ?? "";
        ScheduleAnalysis();
    }

    private sealed class WithoutRender : IHandleEvent
    {
        public static readonly WithoutRender Instance = new();

        public Task HandleEventAsync(EventCallbackWorkItem item, object? arg) => item.InvokeAsync(arg);
    }

    private void ScheduleAnalysis()
    {
        CancelDebounce();
        _debounce = new CancellationTokenSource();
        _ = AnalyzeAfterPause(_debounce.Token);
    }

    private async Task AnalyzeAfterPause(CancellationToken token)
    {
        try
        {
            await Task.Delay(Debounce, Time, token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await InvokeAsync(() =>
        {
            if (token.IsCancellationRequested) return;
            _analysis = Analyze(_text);
            StateHasChanged();
        });
    }

    private void CancelDebounce()
    {
        _debounce?.Cancel();
        _debounce?.Dispose();
        _debounce = null;
    }

    private string FileName => $"{IncidentId ?? "new"}.md";

    private EditorAnalysis Analyze(string text)
    {
        _analyses++;
        IncidentDocument document;
        List<Problem> problems;
        try
        {
            document = IncidentDocument.Parse(text, FileName);
            problems = Validator.Validate(document).ToList();
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this, not a YamlException, for some half-typed front matter ("key: [a"). Typing goes
            // through such states all the time: it is a problem to show, never a reason to break the page.
            return new EditorAnalysis(text, IncidentDocument.Parse("", FileName), [UnreadableFrontMatter.Problem(text, FileName)],
                Renderer.ToSafeHtml(text), PublishErrors: 0, Unreadable: true);
        }
        problems.AddRange(IdProblems(document));
        var publishErrors = 0;
        if (document.Incident.Status != IncidentStatus.Published && document.FrontMatter.Readable)
        {
            var published = IncidentDocument.Parse(IncidentEdits.SetStatus(text, IncidentStatus.Published), FileName);
            publishErrors = Validator.Validate(published).Count(p => !p.IsWarning) + IdProblems(published).Count();
        }
        return new EditorAnalysis(text, document, problems.OrderBy(p => p.Line).ToList(), Renderer.ToSafeHtml(text), publishErrors);
    }

    /// <summary>An edit keeps its incident's id; a new incident needs an id nobody uses.</summary>
    private IEnumerable<Problem> IdProblems(IncidentDocument document)
    {
        var id = document.Incident.Id;
        if (id is null) yield break;
        if (IncidentId is not null && id != IncidentId)
        {
            yield return new Problem(document.File, document.LineOf("id"), $"The id must stay '{IncidentId}'",
                $"Change it back: saving under '{id}' would make another incident. For a new one, use New postmortem");
        }
        else if (IncidentId is null && Store.Exists(id))
        {
            yield return new Problem(document.File, document.LineOf("id"), $"Id '{id}' is already used by another incident",
                "Give this postmortem its own id, for example with another short name after the date");
        }
    }

    private Task SaveDraft() => SaveAs(IncidentStatus.Draft);

    private Task SubmitForReview() => SaveAs(IncidentStatus.InReview);

    private Task Publish() => SaveAs(IncidentStatus.Published);

    /// <summary>
    /// Sets the status in the text, validates for it, and saves only when nothing is wrong. Whatever happens, the text
    /// stays in the editor and in the browser; only a save the server confirmed clears the browser's copy.
    /// </summary>
    private async Task SaveAs(string status)
    {
        if (_saving) return;
        CancelDebounce();
        _blockedStatus = null;
        _saveError = null;
        _attemptedStatus = status;
        try
        {
            _text = IncidentEdits.SetStatus(_text, status);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
        {
            // The front matter is not YAML; the problems say where.
        }
        _analysis = Analyze(_text);
        await KeepInBrowser();
        if (_analysis.Errors > 0)
        {
            _blockedStatus = status;
            return;
        }

        _saving = true;
        StateHasChanged();
        try
        {
            var author = await Author.WriterInPageAsync()
                ?? throw new InvalidOperationException("Only an author may save: the editor page requires the author policy.");
            var result = await Saver.SaveAsync(_analysis.Document, author, _baseRevision);
            _conflict = null;
            await ForgetInBrowser();
            Navigation.NavigateTo(IncidentPageLink(result.Id));
        }
        catch (ConcurrentEditException conflict)
        {
            _conflict = ConflictFrom(conflict);
            _showTheirs = false;
        }
        catch (Exception e)
        {
            _saveError = e.Message.EndsWith('.') ? e.Message : e.Message + ".";
        }
        finally
        {
            _saving = false;
        }
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
        _text = InitialText;
        _baseRevision = BaseRevision;
        _conflict = null;
        _blockedStatus = null;
        _analysis = Analyze(_text);
        await ForgetInBrowser();
        await CallModule("setBaseRevision", _textarea, _baseRevision);
    }

    private Task SetGaps(IReadOnlyList<string> ids) => EditFrontMatter(text => IncidentEdits.SetGaps(text, ids));

    private Task SetDifferences(IReadOnlyList<string> ids) => EditFrontMatter(text => IncidentEdits.SetList(text, "differences", ids));

    private async Task EditFrontMatter(Func<string, string> edit)
    {
        CancelDebounce();
        try
        {
            _text = edit(_text);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
        {
            // The pickers are disabled while the front matter is not YAML; a change typed since then lands here.
        }
        _analysis = Analyze(_text);
        await KeepInBrowser();
    }

    private Task GoToLine(int line) => CallModule("goToLine", _textarea, line);

    /// <summary>Changes made here, not typed (a picker, a status), reach the browser's copy too.</summary>
    private Task KeepInBrowser() => CallModule("store", DraftKey, _text, _baseRevision);

    private Task ForgetInBrowser() => CallModule("clear", DraftKey);

    private async Task CallModule(string function, params object?[] args)
    {
        if (_module is null) return;
        try
        {
            await _module.InvokeVoidAsync(function, args);
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; what it kept stays for the next visit.
        }
        catch (JSException)
        {
            // Storage refused: the editor still holds the text.
        }
    }

    private static string StatusWords(string status) => status switch
    {
        IncidentStatus.Draft => "saved as a draft",
        IncidentStatus.InReview => "submitted for review",
        IncidentStatus.Published => "published",
        _ => $"saved as {status}",
    };

    internal static string IncidentPageLink(string id) => $"incidents/{Uri.EscapeDataString(id)}";

    public async ValueTask DisposeAsync()
    {
        CancelDebounce();
        if (_module is null) return;
        try
        {
            await _module.InvokeVoidAsync("detach", _textarea);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone with the page.
        }
    }
}

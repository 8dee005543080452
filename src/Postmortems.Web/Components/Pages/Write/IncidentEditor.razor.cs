using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Postmortems.Core.Format;
using Postmortems.Core.Rendering;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Web.Api;

namespace Postmortems.Web.Components.Pages.Write;

/// <summary>
/// The postmortem editor: Markdown on the left, the sanitized preview on the right, a form for the front matter, the
/// validator's problems as you type, and saves that never lose a character. The text lives in the browser, which
/// keeps it (draft.js) until the server has saved it and sends it here as verified edits (<see cref="TextSync"/>); a
/// save carries the revision the text started from, so someone else's save in between is shown as a conflict.
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

    /// <summary>The text as the textarea starts with it: a browser's textarea has LF line ends only.</summary>
    private string _initial = "";

    /// <summary>The stored text has CRLF line ends, which a save puts back.</summary>
    private bool _crlf;

    private string _text = "";
    private int _baseRevision;
    private EditorAnalysis _analysis = null!;
    private int _analyses;
    private bool _interactive;
    private KeptCopy? _restored;
    private CancellationTokenSource? _debounce;
    private IJSObjectReference? _module;
    private DotNetObjectReference<IncidentEditor>? _self;
    private ElementReference _textarea;
    private ElementReference _syncStatus;

    /// <summary>The text as the server has it now (the browser may be a few keystrokes ahead).</summary>
    public string Text => _text;

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

    private string Status => _analysis.Document.Incident.Status ?? IncidentStatus.Draft;

    private string SubHeading
    {
        get
        {
            var origin = IncidentId is null ? "From the template" : $"Editing revision {_baseRevision}";
            var kept = !_interactive ? "connecting…"
                : _text == _initial ? "no changes yet"
                : "unsaved changes, kept in this browser until saved";
            return $"{origin} · status {Status} · {kept}";
        }
    }

    protected override void OnInitialized()
    {
        _crlf = InitialText.Contains("\r\n", StringComparison.Ordinal);
        _initial = _crlf ? InitialText.Replace("\r\n", "\n", StringComparison.Ordinal) : InitialText;
        _text = _initial;
        _baseRevision = BaseRevision;
        _analysis = Analyze(_text);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            _self = DotNetObjectReference.Create(this);
            // A kept copy that differs from the stored text is put in the textarea by draft.js and reaches the server
            // as edits: only what it was kept from comes back here, never the text in one message.
            if (await _module.InvokeAsync<KeptCopy?>("attach", _textarea, _syncStatus, DraftKey, _baseRevision, _self, _text.Length, TextSync.Hash(_text)) is { } kept)
            {
                _restored = kept;
                _baseRevision = kept.BaseRevision;
            }
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        catch (JSException)
        {
            // No module: the textarea is read-only below, since nothing would carry what is typed to the server.
            return;
        }
        _interactive = true;
        StateHasChanged();
    }

    /// <summary>One piece of the browser's text arriving (see <see cref="TextSync"/>); the analysis follows a pause.</summary>
    [JSInvokable]
    public EditAnswer ApplyEdit(int start, int deleteCount, string? insert, int expectedLength, uint expectedHash)
    {
        var answer = TextSync.Apply(ref _text, start, deleteCount, insert, expectedLength, expectedHash);
        if (answer.Applied) ScheduleAnalysis();
        return answer;
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
            var unreadable = UnreadableFrontMatter.Problem(text, FileName);
            return new EditorAnalysis(text, IncidentDocument.Parse("", FileName), [unreadable], Renderer.ToSafeHtml(text), [unreadable], Unreadable: true);
        }
        problems.AddRange(IdProblems(document));
        IReadOnlyList<Problem> publishProblems = problems.Where(p => !p.IsWarning).ToList();
        if (document.Incident.Status != IncidentStatus.Published && document.FrontMatter.Readable)
        {
            var published = IncidentDocument.Parse(IncidentEdits.SetStatus(text, IncidentStatus.Published), FileName);
            publishProblems = Validator.Validate(published).Concat(IdProblems(published)).Where(p => !p.IsWarning).OrderBy(p => p.Line).ToList();
        }
        return new EditorAnalysis(text, document, problems.OrderBy(p => p.Line).ToList(), Renderer.ToSafeHtml(text), publishProblems);
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

    /// <summary>
    /// A change made here, not typed (a form field, a status): applied to the server's text, then sent to the browser as
    /// a splice, which keeps any typing the server has not seen yet.
    /// </summary>
    /// <returns>False when the front matter cannot be edited (it is not YAML; the problems say where).</returns>
    private async Task<bool> EditText(Func<string, string> edit)
    {
        var before = _text;
        try
        {
            _text = edit(before);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
        {
            return false;
        }
        if (_text != before)
        {
            var (start, deleteCount, insert) = TextSync.Splice(before, _text);
            await CallModule("applyServerEdit", _textarea, start, deleteCount, insert, TextSync.Hash(before));
        }
        return true;
    }

    private Task GoToLine(int line) => CallModule("goToLine", _textarea, line);

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

    internal static string IncidentPageLink(string id) => $"incidents/{Uri.EscapeDataString(id)}";

    public async ValueTask DisposeAsync()
    {
        CancelDebounce();
        if (_module is not null)
        {
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
        _self?.Dispose();
    }
}

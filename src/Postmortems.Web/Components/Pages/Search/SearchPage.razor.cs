using Microsoft.AspNetCore.Components;
using Postmortems.Core.Search;

namespace Postmortems.Web.Components.Pages.Search;

/// <summary>
/// The home page: one search box and its results. The URL is the only state: typing, a chip, the sort or a page
/// navigates to the search's URL, and the results are computed from the URL's parameters, so the first load
/// (prerendered), a shared link and the back button all show the same thing.
/// </summary>
public partial class SearchPage
{
    /// <summary>How long typing must pause before the results follow it.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    [Inject] private IncidentIndex Index { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")] public string? Q { get; set; }
    [SupplyParameterFromQuery(Name = "gap")] public string[]? Gaps { get; set; }
    [SupplyParameterFromQuery(Name = "difference")] public string[]? Differences { get; set; }
    [SupplyParameterFromQuery(Name = "service")] public string[]? Services { get; set; }
    [SupplyParameterFromQuery(Name = "team")] public string[]? Teams { get; set; }
    [SupplyParameterFromQuery(Name = "severity")] public string[]? Severities { get; set; }
    [SupplyParameterFromQuery(Name = "status")] public string[]? Statuses { get; set; }
    [SupplyParameterFromQuery(Name = "year")] public string[]? Years { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? Page { get; set; }

    private SearchState _state = SearchState.Empty;
    private SearchResult _result = SearchResult.Empty();

    /// <summary>What is in the box, which runs ahead of the URL while someone types.</summary>
    private string _text = "";

    /// <summary>The URL of the results shown (null before the first search).</summary>
    private string? _shownUrl;

    /// <summary>The URL this page is navigating to itself; any other new URL came from a link or the back button.</summary>
    private string? _ownUrl;

    /// <summary>
    /// True while the current history entry was made by typing: the rest of the typing replaces it, so one pause
    /// in typing is one entry (back goes to the search before it), not one per keystroke.
    /// </summary>
    private bool _typingEntry;

    private CancellationTokenSource? _pending;

    private int PageCount => Math.Clamp((_result.Total + SearchState.PageSize - 1) / SearchState.PageSize, 1, SearchState.MaxPages);

    protected override void OnParametersSet()
    {
        var state = SearchState.From(Q, new Dictionary<string, string[]?>
        {
            ["gap"] = Gaps, ["difference"] = Differences, ["service"] = Services, ["team"] = Teams,
            ["severity"] = Severities, ["status"] = Statuses, ["year"] = Years,
        }, Sort, Page);

        var url = state.ToUrl();
        // A parent's re-render sets the same parameters again: nothing to do, and the box keeps what is being typed.
        if (url == _shownUrl) return;
        if (url != _ownUrl)
        {
            // A link, the back button or the first load: the box shows the URL's query, and typing starts a new entry.
            _text = state.Query;
            _typingEntry = false;
            CancelPending();
        }
        _ownUrl = null;
        _shownUrl = url;
        _state = state;
        _result = Index.Search(state.ToRequest());
        if (_result.Hits.Count == 0 && _result.Total > 0 && state.Page > 1)
        {
            // A page past the end (an old link, fewer matches since): show the last page there is.
            _state = state.OnPage(PageCount);
            _result = Index.Search(_state.ToRequest());
        }
    }

    /// <summary>Every keystroke lands here; the search follows once typing pauses for <see cref="Debounce"/>.</summary>
    private async Task OnTextChanged(string? text)
    {
        _text = text ?? "";
        CancelPending();
        var pending = _pending = new CancellationTokenSource();
        try
        {
            await Task.Delay(Debounce, Clock, pending.Token);
        }
        catch (TaskCanceledException)
        {
            return;
        }
        Go(_state.WithQuery(_text), typing: true);
    }

    /// <summary>Enter (or the form's submit before the page is interactive, which the browser does as a GET).</summary>
    private void OnSubmit()
    {
        CancelPending();
        Go(_state.WithQuery(_text), typing: false);
    }

    private void OnClear()
    {
        _text = "";
        OnSubmit();
    }

    private void Go(SearchState state, bool typing = false)
    {
        // An example or "did you mean" puts its query in the box; typing leaves the box to the person typing.
        if (!typing) _text = state.Query;
        var url = state.ToUrl();
        var changed = url != _state.ToUrl();
        if (changed)
        {
            _ownUrl = url;
            Navigation.NavigateTo(url, replace: typing && _typingEntry);
        }
        // Enter after typing commits what is shown: the next keystroke starts a new history entry.
        _typingEntry = typing && (changed || _typingEntry);
    }

    private void CancelPending()
    {
        _pending?.Cancel();
        _pending?.Dispose();
        _pending = null;
    }

    private static string NoMatch(SearchState state)
    {
        var filters = state.Filters.Count switch { 0 => "", 1 => "this filter", _ => "these filters" };
        return state.HasQuery
            ? $"No incident matches “{state.Query}”{(filters.Length > 0 ? $" with {filters}" : "")}."
            : $"No incident matches {filters}.";
    }

    private static string Plural(int count, string one, string many) => count == 1 ? $"1 {one}" : $"{count:N0} {many}";

    public void Dispose() => CancelPending();
}

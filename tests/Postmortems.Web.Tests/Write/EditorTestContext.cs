using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Postmortems.Core;
using Postmortems.Core.Accounts;
using Postmortems.Core.Format;
using Postmortems.Core.Rendering;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Tests;
using Postmortems.Web.Api;
using Postmortems.Web.Components.Pages.Write;

namespace Postmortems.Web.Tests.Write;

/// <summary>
/// The editor with its real validator, renderer, taxonomy and a store in a temporary folder; a clock the test moves
/// (for the debounce); the browser's draft storage as bUnit's JS module; and a saver the test can slow down or fail.
/// </summary>
public abstract class EditorTestContext : BunitContext, IAsyncLifetime
{
    public static readonly GapTaxonomy Taxonomy = GapTaxonomy.LoadOrThrow(RepositoryContent.Directory);

    public static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new();

    protected EditorTestContext()
    {
        Time = new FakeTimeProvider(Now);
        Store = new IncidentStore(_data.Path, "editor tests", Time);
        Saver = new ControllableSaver(Store);

        Services.AddMudServices();
        Services.AddSingleton(Taxonomy);
        Services.AddSingleton(new IncidentValidator(Taxonomy));
        Services.AddSingleton(Postmortems.Core.Style.StyleChecker.Load(RepositoryContent.Directory));
        Services.AddSingleton<MarkdownRenderer>();
        Services.AddSingleton(Store);
        Index = new Postmortems.Core.Search.IncidentIndex(Store, Taxonomy);
        Services.AddSingleton(Index);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddScoped<CurrentAuthor>();
        Services.AddHttpContextAccessor();
        Authorization = AddAuthorization();
        Authorization.SetAuthorized(SignedInAuthor);
        Authorization.SetRoles(Roles.Author, Roles.Reader);
        Services.AddSingleton<IIncidentSaver>(Saver);
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PostmortemsPaths.ContentDirectoryKey] = RepositoryContent.Directory })
            .Build());
        JSInterop.Mode = JSRuntimeMode.Loose;
        Draft = JSInterop.SetupModule(IncidentEditor.ModulePath);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The search index over <see cref="Store"/>, for the similar records shown while writing.</summary>
    public Postmortems.Core.Search.IncidentIndex Index { get; }

    /// <summary>Who the page's user is: an author, unless a test signs in someone else.</summary>
    public const string SignedInAuthor = "alice";

    protected BunitAuthorizationContext Authorization { get; }

    protected FakeTimeProvider Time { get; }

    protected IncidentStore Store { get; }

    protected ControllableSaver Saver { get; }

    /// <summary>draft.js, as the component sees it.</summary>
    protected BunitJSModuleInterop Draft { get; }

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>
    /// What the browser kept of a draft: draft.js answers what it was kept from when it attaches, then sends the text
    /// as edits (which <see cref="RenderEditor"/> does once the editor is interactive).
    /// </summary>
    protected void BrowserKeeps(string key, string text, int baseRevision)
    {
        _kept = text;
        Draft.Setup<KeptCopy?>("attach", invocation => (string?)invocation.Arguments[2] == key)
            .SetResult(new KeptCopy(baseRevision, Now.AddMinutes(-5), text.Length));
    }

    private string? _kept;

    /// <summary>What draft.js answers when a save asks whether the server has all of the text.</summary>
    protected void BrowserHolds(string text) =>
        Draft.Setup<TextCheck?>("flush", _ => true).SetResult(new TextCheck(text.Length, TextSync.Hash(text)));

    /// <summary>Where the pickers' options open: MudBlazor's popover provider, which a page gets from the layout.</summary>
    protected IRenderedComponent<MudBlazor.MudPopoverProvider> Popovers => _popovers ??= Render<MudBlazor.MudPopoverProvider>();

    private IRenderedComponent<MudBlazor.MudPopoverProvider>? _popovers;

    protected IRenderedComponent<IncidentEditor> RenderEditor(string text, string? incidentId = null, int baseRevision = 0)
    {
        _ = Popovers;
        var editor = Render<IncidentEditor>(p => p
            .Add(c => c.InitialText, text)
            .Add(c => c.IncidentId, incidentId)
            .Add(c => c.BaseRevision, baseRevision)
            .Add(c => c.Title, incidentId));
        WaitUntilInteractive(editor);
        BrowserHolds(editor.Instance.Text);
        if (_kept is { } kept) Send(editor, kept);
        return editor;
    }

    protected static void WaitUntilInteractive<T>(IRenderedComponent<T> component) where T : IComponent =>
        component.WaitForAssertion(() => Assert.Equal("true", component.Find(".incident-editor").GetAttribute("data-interactive")));

    protected static string StateOf<T>(IRenderedComponent<T> component) where T : IComponent =>
        component.Find(".incident-editor").GetAttribute("data-state")!;

    private static int Analyses<T>(IRenderedComponent<T> component) where T : IComponent =>
        int.Parse(component.Find(".incident-editor").GetAttribute("data-analysis")!, System.Globalization.CultureInfo.InvariantCulture);

    protected static IncidentEditor EditorOf<T>(IRenderedComponent<T> component) where T : IComponent =>
        component is IRenderedComponent<IncidentEditor> editor ? editor.Instance : ((IRenderedComponent<IComponent>)component).FindComponent<IncidentEditor>().Instance;

    /// <summary>The text as the server has it.</summary>
    protected static string TextOf<T>(IRenderedComponent<T> component) where T : IComponent => EditorOf(component).Text;

    /// <summary>Sends what draft.js would: the change from the server's text to <paramref name="text"/> as one splice.</summary>
    protected EditAnswer Send<T>(IRenderedComponent<T> component, string text) where T : IComponent
    {
        var editor = EditorOf(component);
        var (start, deleteCount, insert) = TextSync.Splice(editor.Text, text);
        var answer = component.InvokeAsync(() => editor.ApplyEdit(start, deleteCount, insert, text.Length, TextSync.Hash(text))).Result;
        if (answer.Applied) BrowserHolds(text);
        return answer;
    }

    /// <summary>Types the whole text: once the editor has it, the clock may move (its pause starts at the keystroke).</summary>
    protected Task Input<T>(IRenderedComponent<T> component, string text) where T : IComponent
    {
        Assert.True(Send(component, text).Applied);
        return Task.CompletedTask;
    }

    /// <summary>Types the whole text, lets the editor's pause go by, and waits for the page to show the result.</summary>
    protected async Task Type<T>(IRenderedComponent<T> component, string text) where T : IComponent
    {
        var before = Analyses(component);
        await Input(component, text);
        Time.Advance(IncidentEditor.Debounce);
        component.WaitForState(() => Analyses(component) > before);
    }

    protected StoredIncident Stored(string markdown, string author = "alice")
    {
        var document = IncidentDocument.Parse(markdown);
        Store.Save(document, author);
        return Store.Get(document.Incident.Id!)!;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor registers services that can only be disposed asynchronously; xunit 2 would call Dispose().
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Index.Dispose();
        Store.Dispose();
        _data.Dispose();
    }

    /// <summary>Saves to the store, unless a test holds the save (to see "saving") or makes it fail.</summary>
    public sealed class ControllableSaver(IncidentStore store) : IIncidentSaver
    {
        private TaskCompletionSource? _gate;

        public Exception? Failure { get; set; }

        public int Calls { get; private set; }

        /// <summary>Saves wait until <see cref="Release"/>.</summary>
        public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate?.SetResult();

        public async Task<SaveResult> SaveAsync(IncidentDocument document, string author, int expectedRevision)
        {
            Calls++;
            if (_gate is not null) await _gate.Task;
            if (Failure is not null) throw Failure;
            return store.Save(document, author, expectedRevision: expectedRevision);
        }
    }
}

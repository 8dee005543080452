using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Postmortems.Core.Accounts;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Tests;
using Postmortems.Web.Api;

namespace Postmortems.Web.Tests.Retro;

/// <summary>bUnit with MudBlazor, the repository's taxonomy, a store of its own holding the retro fixture, and a clock at <see cref="RetroFixture.Now"/>.</summary>
public abstract class RetroTestContext : BunitContext, IAsyncLifetime
{
    public static readonly GapTaxonomy Taxonomy = GapTaxonomy.LoadOrThrow(RepositoryContent.Directory);

    private readonly TempDirectory _data = new();

    protected RetroTestContext(bool withFixture = true)
    {
        Time = new FakeTimeProvider(RetroFixture.Now);
        Store = new IncidentStore(_data.Path, "retro component tests", Time);
        if (withFixture)
        {
            foreach (var text in RetroFixture.Incidents) Save(text, "fixture");
        }
        Services.AddMudServices();
        Services.AddSingleton(Taxonomy);
        Services.AddSingleton(Store);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddScoped<CurrentAuthor>();
        Services.AddHttpContextAccessor();
        Authorization = AddAuthorization();
        Authorization.SetAuthorized(SignedInAuthor);
        Authorization.SetRoles(Roles.Author, Roles.Reader);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>Who the page's user is: an author, unless a test signs in someone else.</summary>
    public const string SignedInAuthor = "alice";

    protected BunitAuthorizationContext Authorization { get; }

    protected FakeTimeProvider Time { get; }

    protected IncidentStore Store { get; }

    protected void Save(string text, string author) => Store.Save(IncidentDocument.Parse(text, "fixture.md"), author);

    /// <summary>Renders a routed page at an address, with its query string supplied as the router would.</summary>
    protected IRenderedComponent<TPage> Open<TPage>(string address) where TPage : IComponent
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return Render<TPage>();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Store.Dispose();
        _data.Dispose();
    }
}

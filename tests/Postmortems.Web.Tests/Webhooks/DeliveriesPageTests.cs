using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Tests;
using Postmortems.Core.Accounts;
using Postmortems.Web.Components.Pages.Admin;
using Postmortems.Web.Webhooks;

namespace Postmortems.Web.Tests.Webhooks;

/// <summary>/admin/deliveries lists what was sent, to where, and how each attempt went.</summary>
public sealed class DeliveriesPageTests : BunitContext, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly IncidentStore _store;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 7, 0, 0, TimeSpan.Zero));

    private readonly WebhookReceiver _receiver = new(_ => Task.FromResult(503));
    private readonly WebhookService _service;

    public DeliveriesPageTests()
    {
        _store = new IncidentStore(_data.Path, "deliveries page tests", _time);
        var options = new WebhookOptions { Urls = [_receiver.Url], Secret = "x" };
        _service = new WebhookService(_store, GapTaxonomy.LoadOrThrow(RepositoryContent.Directory), options, _time, NullLogger<WebhookService>.Instance);
        Services.AddSingleton(_service);
        Services.AddSingleton(options);
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        var authorization = AddAuthorization();
        authorization.SetAuthorized("root");
        authorization.SetRoles(Roles.Admin, Roles.Author, Roles.Reader);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _service.Dispose();
        _receiver.Dispose();
        _store.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Lists_each_delivery_with_its_state_attempts_and_last_answer()
    {
        _store.Save(IncidentDocument.Parse(RetroIncidents.Incident("g-published", "2026-04-30", "sev1", "load-testing", "scale", "payments", "checkout"), "g.md"), "dana");
        await _service.RunOnceAsync(CancellationToken.None);

        Services.GetRequiredService<NavigationManager>().NavigateTo("admin/deliveries");
        var page = Render<DeliveriesPage>();

        var row = page.Find("[data-testid=deliveries] tbody tr");
        Assert.Equal(("published:g-published", "pending"), (row.GetAttribute("data-key"), row.GetAttribute("data-state")));
        Assert.Contains(_receiver.Url, row.TextContent);
        Assert.Contains("answered 503 Service Unavailable", row.TextContent);
        Assert.Contains("Sent to 1 address, signed", page.Find("[data-testid=webhook-settings]").TextContent);
        Assert.Equal("1–1 of 1, newest first", page.Find("[data-testid=deliveries-count]").TextContent);
    }
}

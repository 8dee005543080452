using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Webhooks;
using Postmortems.Tests;
using Postmortems.Web.Webhooks;

namespace Postmortems.Web.Tests.Webhooks;

public sealed class WebhookTests : IDisposable
{
    private const string Secret = "s3cret-for-tests";
    private static readonly GapTaxonomy Taxonomy = GapTaxonomy.LoadOrThrow(RepositoryContent.Directory);

    private readonly TempDirectory _data = new();
    private readonly IncidentStore _store;

    /// <summary>A Tuesday, before the default hour of 09:00 UTC.</summary>
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 7, 0, 0, TimeSpan.Zero));

    public WebhookTests() => _store = new IncidentStore(_data.Path, "webhook tests", _time);

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    private WebhookService Service(WebhookReceiver receiver, Action<WebhookOptions>? configure = null)
    {
        var options = new WebhookOptions { Urls = [receiver.Url], Secret = Secret, DigestDay = DayOfWeek.Sunday, BaseUrl = "https://pm.example/" };
        configure?.Invoke(options);
        return new WebhookService(_store, Taxonomy, options, _time, NullLogger<WebhookService>.Instance);
    }

    private void Save(string id, string status, params string[] items) => SaveDated(id, "2026-03-01", status, items);

    private void SaveDated(string id, string date, string status, params string[] items) =>
        _store.Save(IncidentDocument.Parse(RetroIncidents.Incident(id, date, "sev2", "load-testing", "scale", "payments", "checkout", status, items), $"{id}.md"), "dana");

    private static JsonElement Json(ReceivedWebhook hook) => JsonDocument.Parse(hook.Body).RootElement;

    [Fact]
    public async Task A_published_incident_is_posted_once_signed_with_a_slack_text()
    {
        using var receiver = new WebhookReceiver();
        using var service = Service(receiver);

        Save("a-draft", IncidentStatus.Draft);
        await service.RunOnceAsync(CancellationToken.None);
        Save("a-draft", IncidentStatus.Published);
        await service.RunOnceAsync(CancellationToken.None);
        // An edit of a published incident is not a publication.
        _store.Save(IncidentDocument.Parse(_store.Get("a-draft")!.Markdown.Replace("What happened", "What really happened"), "a.md"), "dana");
        await service.RunOnceAsync(CancellationToken.None);

        var hook = Assert.Single(receiver.Received);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(hook.Body)));
        Assert.Equal(expected, hook.Signature);
        Assert.True(WebhookSignature.Verify(Secret, hook.Body, hook.Signature));
        Assert.False(WebhookSignature.Verify("another secret", hook.Body, hook.Signature));
        Assert.Equal((WebhookMessages.Published, "published:a-draft"), (hook.Event, hook.Delivery));
        Assert.Equal("Postmortem published: <https://pm.example/incidents/a-draft|Incident a-draft> (sev2, 2026-03-01)", Json(hook).GetProperty("text").GetString());
        Assert.Equal("a-draft", Json(hook).GetProperty("incident").GetProperty("id").GetString());
        var delivery = Assert.Single(service.Log.Page(0, 10).Page);
        Assert.Equal((DeliveryStates.Delivered, 1, 200), (delivery.State, delivery.Attempts, delivery.LastStatus));
    }

    [Fact]
    public async Task A_500_then_a_200_is_delivered_exactly_once_after_the_backoff()
    {
        using var receiver = new WebhookReceiver(number => Task.FromResult(number == 1 ? 500 : 200));
        using var service = Service(receiver);
        Save("b-published", IncidentStatus.Published);

        await service.RunOnceAsync(CancellationToken.None);
        var failed = Assert.Single(service.Log.Page(0, 10).Page);
        Assert.Equal((DeliveryStates.Pending, 1, 500), (failed.State, failed.Attempts, failed.LastStatus));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(30), failed.NextAttemptAt);

        // Not before its time, then once, then never again.
        await service.RunOnceAsync(CancellationToken.None);
        Assert.Single(receiver.Received);
        _time.Advance(TimeSpan.FromSeconds(30));
        await service.RunOnceAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));
        await service.RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, receiver.Received.Count);
        Assert.Equal(receiver.Received.First().Body, receiver.Received.Last().Body);
        var delivered = Assert.Single(service.Log.Page(0, 10).Page);
        Assert.Equal((DeliveryStates.Delivered, 2, 200), (delivered.State, delivered.Attempts, delivered.LastStatus));
    }

    [Fact]
    public void Backoff_doubles_from_the_first_wait_up_to_the_longest()
    {
        var options = new WebhookOptions { FirstBackoff = TimeSpan.FromSeconds(30), MaxBackoff = TimeSpan.FromMinutes(5) };

        Assert.Equal([30, 60, 120, 240, 300, 300], Enumerable.Range(1, 6).Select(n => options.Backoff(n).TotalSeconds));
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_up_saves_and_times_out()
    {
        var never = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var receiver = new WebhookReceiver(_ => never.Task);
        using var service = Service(receiver, o => o.Timeout = TimeSpan.FromSeconds(5));
        var attempted = new TaskCompletionSource<WebhookDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.Attempted += delivery => attempted.TrySetResult(delivery);
        await service.StartAsync(CancellationToken.None);

        Save("c-published", IncidentStatus.Published);
        await receiver.Next();
        // The sender is waiting on the receiver: saves go on.
        Save("d-draft", IncidentStatus.Draft);
        Save("c-published", IncidentStatus.Published, "- [ ] Another item @bob");
        Assert.Equal(2, _store.Get("c-published")!.Revision);
        Assert.Equal(0, service.Log.Page(0, 10).Page.Single().Attempts);

        _time.Advance(TimeSpan.FromSeconds(5));
        var timedOut = await attempted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);
        never.TrySetCanceled();

        Assert.Equal((DeliveryStates.Pending, 1, (int?)null, "no answer within 5 s"), (timedOut.State, timedOut.Attempts, timedOut.LastStatus, timedOut.LastError));
    }

    [Fact]
    public async Task An_overdue_item_is_notified_once_a_day_at_the_hour_not_at_every_start()
    {
        Save("e-items", IncidentStatus.Draft,
            "- [ ] Overdue since Sunday @bob due:2026-03-08",
            "- [ ] Not due yet @bob due:2026-03-20",
            "- [x] Done late @bob due:2026-03-01",
            "- [ ] Overdue for over a year @bob due:2025-01-01");
        using var receiver = new WebhookReceiver();

        using (var service = Service(receiver))
        {
            await service.RunOnceAsync(CancellationToken.None);
            Assert.Empty(receiver.Received);
            _time.Advance(TimeSpan.FromHours(2.5));
            await service.RunOnceAsync(CancellationToken.None);
            await service.RunOnceAsync(CancellationToken.None);
        }
        // A restart later that day.
        _time.Advance(TimeSpan.FromHours(1));
        using (var restarted = Service(receiver))
        {
            await restarted.RunOnceAsync(CancellationToken.None);
            Assert.Single(receiver.Received);
            // The next day, at the hour: reminded again.
            _time.Advance(TimeSpan.FromHours(23));
            await restarted.RunOnceAsync(CancellationToken.None);
        }

        Assert.Equal(2, receiver.Received.Count);
        Assert.All(receiver.Received, hook => Assert.Equal(WebhookMessages.Overdue, hook.Event));
        var line = _store.Get("e-items")!.ActionItems[0].Line;
        Assert.Equal([$"overdue:e-items:{line}:2026-03-10", $"overdue:e-items:{line}:2026-03-11"], receiver.Received.Select(h => h.Delivery));
        Assert.StartsWith("Overdue action item: Overdue since Sunday (@bob, due 2026-03-08, 2 days late) from <https://pm.example/incidents/e-items|",
            Json(receiver.Received.First()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_weekly_digest_goes_once_on_its_day()
    {
        SaveDated("f-items", "2026-03-09", IncidentStatus.Published, "- [ ] Overdue @bob due:2026-03-08", "- [ ] Later @carol due:2026-04-01");
        using var receiver = new WebhookReceiver();
        _time.Advance(TimeSpan.FromHours(3));

        using (var service = Service(receiver, o => { o.DigestDay = DayOfWeek.Tuesday; o.Urls = [receiver.Url, receiver.Url + "?second"]; }))
            await service.RunOnceAsync(CancellationToken.None);
        using (var restarted = Service(receiver, o => o.DigestDay = DayOfWeek.Tuesday))
            await restarted.RunOnceAsync(CancellationToken.None);

        var digests = receiver.Received.Where(h => h.Event == WebhookMessages.Digest).ToList();
        Assert.Equal(2, digests.Count); // one per URL
        var digest = Json(digests[0]);
        Assert.Equal((2, 1), (digest.GetProperty("open").GetInt32(), digest.GetProperty("overdue").GetInt32()));
        Assert.StartsWith("Weekly postmortems digest (2026-03-10): 1 postmortem published in the last 7 days; 2 open action items, 1 overdue.\n• Overdue (@bob, due 2026-03-08)",
            digest.GetProperty("text").GetString());
    }

    [Fact]
    public void Settings_that_cannot_work_are_named()
    {
        var options = new WebhookOptions { Urls = ["ftp://x", "not a url"], OverdueHour = 24, MaxAttempts = 0 };

        Assert.Equal(
            [
                "Postmortems:Webhooks:Urls: 'ftp://x' is not an http or https address.",
                "Postmortems:Webhooks:Urls: 'not a url' is not an http or https address.",
                "Postmortems:Webhooks:OverdueHour must be an hour from 0 to 23 (got 24).",
                "Postmortems:Webhooks:MaxAttempts must be 1 or more (got 0).",
            ],
            options.Problems());
    }
}

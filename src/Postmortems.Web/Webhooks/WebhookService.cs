using System.Text;
using System.Threading.Channels;
using Postmortems.Core.Format;
using Postmortems.Core.Retro;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Webhooks;

namespace Postmortems.Web.Webhooks;

/// <summary>
/// Sends the webhooks: a published incident, the day's overdue action items and the weekly digest, each recorded in the
/// <see cref="DeliveryLog"/> before its first attempt, then POSTed, signed, with a timeout, and retried with
/// exponential backoff. A save only puts the incident's id on a queue (no I/O on the store's writer thread), so a
/// receiver that is slow or never answers never slows a save.
/// </summary>
public sealed partial class WebhookService : BackgroundService
{
    public const string EventHeader = "X-Postmortems-Event";
    public const string DeliveryHeader = "X-Postmortems-Delivery";

    /// <summary>Deliveries attempted per pass; the rest wait for the next pass, right after.</summary>
    private const int PerPass = 50;

    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    private readonly IncidentStore _store;
    private readonly GapTaxonomy _taxonomy;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookService> _logger;
    private readonly HttpClient _http;
    private readonly Lazy<DeliveryLog> _log;
    private readonly Channel<(string Id, int Revision)> _published = Channel.CreateUnbounded<(string, int)>();
    private readonly SemaphoreSlim _wake = new(0);

    public WebhookService(IncidentStore store, GapTaxonomy taxonomy, WebhookOptions options, TimeProvider time,
        ILogger<WebhookService> logger, HttpMessageHandler? handler = null)
    {
        _store = store;
        _taxonomy = taxonomy;
        _options = options;
        _time = time;
        _logger = logger;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        _log = new Lazy<DeliveryLog>(() => new DeliveryLog(store));
        if (options.Enabled) store.Saved += OnSaved;
    }

    public DeliveryLog Log => _log.Value;

    /// <summary>Raised after each attempt is recorded, on the sender's thread: what the admin page and tests wait on.</summary>
    public event Action<WebhookDelivery>? Attempted;

    /// <summary>Runs on the store's writer thread after each commit: a check and a queue write, nothing more.</summary>
    private void OnSaved(StoredIncident incident, IncidentDocument document)
    {
        if (!string.Equals(incident.Status, IncidentStatus.Published, StringComparison.OrdinalIgnoreCase)) return;
        // An archive imported as published was published elsewhere, long ago: not news.
        if (incident.Revision == 1 && incident.Source is not null) return;
        _published.Writer.TryWrite((incident.Id, incident.Revision));
        _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogPassFailed(error);
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = NextWake() - _time.GetUtcNow();
            var delayed = Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay > LongestWait ? LongestWait : delay, _time, wait.Token);
            await Task.WhenAny(delayed, _wake.WaitAsync(wait.Token));
            await wait.CancelAsync();
        }
    }

    /// <summary>One pass: records what the saves and the schedule have to say, then attempts every delivery that is due.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        while (_published.Reader.TryRead(out var saved)) RecordPublished(saved.Id, saved.Revision, now);
        RunSchedule(now);
        foreach (var delivery in Log.Due(now, PerPass)) await AttemptAsync(delivery, cancellationToken);
        if (Log.Due(_time.GetUtcNow(), 1).Count > 0) _wake.Release();
    }

    private DateTimeOffset NextWake()
    {
        var now = _time.GetUtcNow();
        var nextHour = new DateTimeOffset(now.Year, now.Month, now.Day, _options.OverdueHour, 0, 0, TimeSpan.Zero);
        if (nextHour <= now) nextHour = nextHour.AddDays(1);
        return Log.NextAttempt() is { } attempt && attempt < nextHour ? attempt : nextHour;
    }

    private void RecordPublished(string id, int revision, DateTimeOffset now)
    {
        if (_store.Get(id) is not { } incident || !string.Equals(incident.Status, IncidentStatus.Published, StringComparison.OrdinalIgnoreCase)) return;
        // An edit of an incident that was already published is not a publication.
        var previous = _store.Revisions(id).LastOrDefault(r => r.Number < revision);
        if (previous is { Deleted: false } && IsPublished(previous.Markdown)) return;
        Record($"published:{id}", WebhookMessages.Published, WebhookMessages.PublishedBody(incident, _options.BaseUrl), now);
    }

    private static bool IsPublished(string markdown) =>
        string.Equals(IncidentDocument.Parse(markdown, "previous.md").Incident.Status, IncidentStatus.Published, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// At the configured hour, once a day: each open item overdue (for at most the reminder days) is notified, and on the
    /// digest day the digest. A run is marked done after its deliveries are recorded: a restart later that day finds the
    /// mark and sends nothing; one that stopped half way runs again, and the unique keys keep it from sending twice.
    /// </summary>
    private void RunSchedule(DateTimeOffset now)
    {
        if (now.Hour < _options.OverdueHour) return;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var day = RetroPeriod.Day(today);
        if (!Log.HasRun($"overdue:{day}"))
        {
            var oldest = _options.OverdueReminderDays > 0 ? today.AddDays(-_options.OverdueReminderDays) : DateOnly.MinValue;
            foreach (var item in _store.ActionItemRecords(null, null, today).Where(i => i.Due >= oldest).ToList())
                Record($"overdue:{item.Id}:{day}", WebhookMessages.Overdue, WebhookMessages.OverdueBody(item, today, _options.BaseUrl), now);
            Log.TryStartRun($"overdue:{day}", now);
        }
        if (now.DayOfWeek == _options.DigestDay && !Log.HasRun($"digest:{day}"))
        {
            var published = _store.Count(new IncidentFilter { Status = IncidentStatus.Published, From = now.AddDays(-7), To = now });
            var items = ActionItemList.Query(_store, _taxonomy, new ActionItemFilter { State = ActionItemStates.Open }, today, 0, WebhookMessages.DigestItems);
            Record($"digest:{day}", WebhookMessages.Digest, WebhookMessages.DigestBody(today, published, items, _options.BaseUrl), now);
            Log.TryStartRun($"digest:{day}", now);
        }
    }

    private void Record(string key, string eventName, string body, DateTimeOffset now) => Log.Record(key, eventName, body, _options.Urls, now);

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        if (_options.Secret.Length > 0) request.Headers.Add(WebhookSignature.Header, WebhookSignature.Of(_options.Secret, delivery.Body));
        request.Headers.Add(EventHeader, delivery.Event);
        request.Headers.Add(DeliveryHeader, delivery.Key);
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        int? status = null;
        string? error = null;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) error = $"answered {status} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {_options.Timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException failure)
        {
            error = failure.Message;
        }

        var now = _time.GetUtcNow();
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.LastStatus = status;
        delivery.LastError = error;
        if (error is null)
        {
            delivery.State = DeliveryStates.Delivered;
            delivery.DeliveredAt = now;
        }
        else if (delivery.Attempts >= _options.MaxAttempts)
        {
            delivery.State = DeliveryStates.Failed;
            LogGaveUp(delivery.Key, delivery.Url, delivery.Attempts, error);
        }
        else
        {
            delivery.NextAttemptAt = now + _options.Backoff(delivery.Attempts);
        }
        Log.Update(delivery);
        Attempted?.Invoke(delivery);
    }

    public override void Dispose()
    {
        _store.Saved -= OnSaved;
        _http.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A pass of the webhook sender failed; the next pass tries again")]
    private partial void LogPassFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up delivering {Key} to {Url} after {Attempts} attempts: {Error}")]
    private partial void LogGaveUp(string key, string url, int attempts, string error);
}

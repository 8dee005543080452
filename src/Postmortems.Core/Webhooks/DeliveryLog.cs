using LiteDB;
using Postmortems.Core.Storage;

namespace Postmortems.Core.Webhooks;

public static class DeliveryStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>One notification to one URL: recorded before the first attempt, updated after each.</summary>
public sealed class WebhookDelivery
{
    /// <summary>"{notification key} {url}": unique, so a notification recorded once is never recorded (nor sent) again.</summary>
    [BsonId]
    public string Id { get; set; } = "";

    /// <summary>What is notified, once: "published:{incident}", "overdue:{incident}:{line}:{day}", "digest:{day}".</summary>
    public string Key { get; set; } = "";
    public string Event { get; set; } = "";
    public string Url { get; set; } = "";

    /// <summary>The JSON body, exactly as sent (and signed) at every attempt.</summary>
    public string Body { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string State { get; set; } = DeliveryStates.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>The HTTP status of the last attempt; null when it got no answer (timeout, refused).</summary>
    public int? LastStatus { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// Outgoing webhook deliveries, kept in the store's file (collection <c>deliveries</c>) and written on its writer
/// thread. A delivery is recorded before it is sent, under a key unique per notification and URL: a restart, or a
/// second instance on the same store, finds it recorded and does not send it again.
/// </summary>
public sealed class DeliveryLog
{
    public const string Collection = "deliveries";
    private const string RunsCollection = "webhook_runs";

    private readonly IncidentStore _store;

    public DeliveryLog(IncidentStore store)
    {
        _store = store;
        _store.MapStoredTypes(new WebhookDelivery());
        _store.Write(() =>
        {
            Deliveries.EnsureIndex(x => x.State);
            Deliveries.EnsureIndex(x => x.CreatedAt);
        });
    }

    private ILiteCollection<WebhookDelivery> Deliveries => _store.Database.GetCollection<WebhookDelivery>(Collection);
    private ILiteCollection<BsonDocument> Runs => _store.Database.GetCollection(RunsCollection);

    /// <summary>Records the notification for each URL it was not yet recorded for, in one transaction; returns those new records.</summary>
    public IReadOnlyList<WebhookDelivery> Record(string key, string eventName, string body, IEnumerable<string> urls, DateTimeOffset now) =>
        _store.Write(() =>
        {
            var added = new List<WebhookDelivery>();
            foreach (var url in urls)
            {
                var id = $"{key} {url}";
                if (Deliveries.FindById(id) is not null) continue;
                var delivery = new WebhookDelivery { Id = id, Key = key, Event = eventName, Url = url, Body = body, CreatedAt = now, NextAttemptAt = now };
                Deliveries.Insert(delivery);
                added.Add(delivery);
            }
            return (IReadOnlyList<WebhookDelivery>)added;
        });

    /// <summary>
    /// Marks a scheduled run (the day's overdue notifications, the week's digest) as taken; false when it already was:
    /// a restart after the hour does not run it again.
    /// </summary>
    public bool TryStartRun(string key, DateTimeOffset now) =>
        _store.Write(() =>
        {
            if (Runs.FindById(key) is not null) return false;
            Runs.Insert(new BsonDocument { ["_id"] = key, ["at"] = now.UtcDateTime });
            return true;
        });

    public bool HasRun(string key) => Runs.FindById(key) is not null;

    /// <summary>Pending deliveries whose next attempt is due, oldest first.</summary>
    public IReadOnlyList<WebhookDelivery> Due(DateTimeOffset now, int limit) =>
        Deliveries.Query().Where("$.State = @0", DeliveryStates.Pending).ToEnumerable()
            .Where(d => d.NextAttemptAt <= now).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.CreatedAt).Take(limit).ToList();

    /// <summary>When the earliest pending delivery is due; null when none is pending.</summary>
    public DateTimeOffset? NextAttempt() =>
        Deliveries.Query().Where("$.State = @0", DeliveryStates.Pending).ToEnumerable().Select(d => (DateTimeOffset?)d.NextAttemptAt).Min();

    public void Update(WebhookDelivery delivery) => _store.Write(() => Deliveries.Update(delivery));

    public WebhookDelivery? Get(string id) => Deliveries.FindById(id);

    /// <summary>Newest first, with how many there are in all, for the admin's delivery log.</summary>
    public (IReadOnlyList<WebhookDelivery> Page, int Total) Page(int skip, int take, string? state = null)
    {
        var query = Deliveries.Query();
        if (state is not null) query = query.Where("$.State = @0", state);
        var total = query.Count();
        return (query.OrderByDescending(x => x.CreatedAt).Skip(skip).Limit(take).ToList(), total);
    }
}

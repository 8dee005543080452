namespace Postmortems.Web.Webhooks;

/// <summary>
/// <c>Postmortems:Webhooks</c>: where notifications go and when the scheduled ones run. No URL, no webhooks: nothing
/// listens to saves and no background work runs.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Postmortems:Webhooks";

    /// <summary>Every notification goes to each of these (Slack incoming webhooks, chat bots, ticket systems).</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>Signs each body: <c>X-Postmortems-Signature: sha256=HEX(HMAC-SHA256(secret, body))</c>. Empty: unsigned.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The UTC hour (0-23) at which each day's overdue notifications, and the weekly digest, are sent.</summary>
    public int OverdueHour { get; set; } = 9;

    /// <summary>The day of the week the digest is sent on, at <see cref="OverdueHour"/>.</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    /// <summary>An item overdue for longer stops being notified every day (the digest still counts it); 0 for no limit.</summary>
    public int OverdueReminderDays { get; set; } = 14;

    /// <summary>The app's public address, for links in the messages ("https://postmortems.example/"); relative links without it.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How long one attempt may wait for an answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt; each next one waits twice as long, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failed attempts a delivery is marked failed and no longer tried.</summary>
    public int MaxAttempts { get; set; } = 8;

    public bool Enabled => Urls.Count > 0;

    /// <summary>What is wrong with the settings, in sentences; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var url in Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                problems.Add($"{Section}:Urls: '{url}' is not an http or https address.");
        }
        if (OverdueHour is < 0 or > 23) problems.Add($"{Section}:OverdueHour must be an hour from 0 to 23 (got {OverdueHour}).");
        if (MaxAttempts < 1) problems.Add($"{Section}:MaxAttempts must be 1 or more (got {MaxAttempts}).");
        if (Timeout <= TimeSpan.Zero) problems.Add($"{Section}:Timeout must be positive (got {Timeout}).");
        if (FirstBackoff <= TimeSpan.Zero || MaxBackoff < FirstBackoff) problems.Add($"{Section}:FirstBackoff must be positive and at most MaxBackoff.");
        return problems;
    }

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed ones.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(FirstBackoff.Ticks * factor, MaxBackoff.Ticks));
        return wait;
    }
}

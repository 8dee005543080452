using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.Core.Tests.Recovery;

/// <summary>A store of incidents each with a text of its own, large enough to span database pages, and a marker to find it on disk by.</summary>
public static class StoreRecovery
{
    public static string Id(int n) => $"2025-02-{n:D2}-incident";

    /// <summary>A marker unique to incident n, in its summary: where it lies in the file is where the incident's text is.</summary>
    public static string Marker(int n) => $"marker-{n:D2}-" + new string((char)('a' + n % 26), 40);

    public static string Text(int n) =>
        Samples.Complete.Replace("2025-03-14-checkout-pool-exhaustion", Id(n))
            .Replace("Checkout timed out for 47 minutes.", $"{Marker(n)}\n\n" + string.Join("\n", Enumerable.Repeat($"Line of incident {n} that pads its text past one page.", 60)));

    public static void Fill(IncidentStore store, int count)
    {
        for (var n = 1; n <= count; n++) store.Save(IncidentDocument.Parse(Text(n)), "alice");
    }
}

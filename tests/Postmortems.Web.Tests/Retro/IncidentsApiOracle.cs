using System.Globalization;
using System.Text.Json.Nodes;
using Postmortems.Core.Format;

namespace Postmortems.Web.Tests.Retro;

/// <summary>
/// Every number the retro shows, computed the long way from <c>GET /api/incidents</c> (one filtered count per number
/// where the filters can say it, the listed incidents and their Markdown otherwise), keyed as the page's
/// <c>data-number</c> attributes are.
/// </summary>
internal sealed class IncidentsApiOracle(HttpClient client, DateOnly today)
{
    private static readonly string[] Kinds = ["review", "testing", "release", "observability"];

    public async Task<SortedDictionary<string, int>> Numbers(string from, string to, string previousFrom, string previousTo, string? team = null)
    {
        var numbers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var scope = team is null ? "" : $"&team={Uri.EscapeDataString(team)}";
        var now = $"from={from}&to={to}{scope}";
        var before = $"from={previousFrom}&to={previousTo}{scope}";

        var gapKinds = (await Get("/api/gaps"))["items"]!.AsArray().ToDictionary(g => Text(g!["id"]), g => Text(g!["kind"]));
        var current = await Items(now);
        var previous = await Items(before);

        numbers["incidents"] = await Total(now);
        numbers["previous:incidents"] = await Total(before);
        foreach (var severity in IncidentSeverity.All)
        {
            numbers[$"severity:{severity}"] = await Total($"{now}&severity={severity}");
            numbers[$"previous:severity:{severity}"] = await Total($"{before}&severity={severity}");
        }

        var gapsNow = new List<string>();
        foreach (var gap in gapKinds.Keys)
        {
            var count = await Total($"{now}&gap={gap}");
            var previousCount = await Total($"{before}&gap={gap}");
            if (count > 0)
            {
                numbers[$"gap:{gap}"] = count;
                gapsNow.Add(gap);
            }
            if (count > 0 || previousCount > 0) numbers[$"previous:gap:{gap}"] = previousCount;
        }
        var withoutGap = current.Count(i => Strings(i["gaps"]).Count == 0);
        if (withoutGap > 0) numbers["without-gap"] = withoutGap;

        foreach (var kind in Kinds)
        {
            numbers[$"kind:{kind}"] = current.Count(i => Strings(i["gaps"]).Any(g => gapKinds[g] == kind));
            numbers[$"previous:kind:{kind}"] = previous.Count(i => Strings(i["gaps"]).Any(g => gapKinds[g] == kind));
        }

        var differences = current.Where(i => Strings(i["gaps"]).Count > 0).SelectMany(i => Strings(i["differences"])).Distinct().ToList();
        foreach (var difference in differences)
        {
            numbers[$"difference:{difference}"] = await Total($"{now}&difference={difference}");
            foreach (var gap in gapsNow)
            {
                var both = await Total($"{now}&gap={gap}&difference={difference}");
                if (both > 0) numbers[$"cell:{gap}:{difference}"] = both;
            }
        }

        var last = DateOnly.ParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var month = new DateOnly(last.Year, last.Month, 1).AddMonths(-11); month <= last; month = month.AddMonths(1))
        {
            var range = $"from={Day(month)}&to={Day(month.AddMonths(1).AddDays(-1))}{scope}";
            var key = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            numbers[$"trend:{key}"] = await Total(range);
            var inMonth = await Items(range);
            foreach (var kind in Kinds)
            {
                var count = inMonth.Count(i => Strings(i["gaps"]).Any(g => gapKinds[g] == kind));
                if (count > 0) numbers[$"trend:{key}:{kind}"] = count;
            }
        }

        await EscapeRates(numbers, gapKinds.Keys, now);
        await ActionItems(numbers, current);
        return numbers;
    }

    /// <summary>Per control named in the period: incidents naming it as a gap, near misses naming it in caught-by.</summary>
    private async Task EscapeRates(SortedDictionary<string, int> numbers, IEnumerable<string> gaps, string now)
    {
        foreach (var gap in gaps)
        {
            var letThrough = await Total($"{now}&gap={gap}");
            var caught = await Total($"{now}&caught-by={gap}", "near-miss");
            if (letThrough + caught == 0) continue;
            numbers[$"escape:{gap}:let-through"] = letThrough;
            numbers[$"escape:{gap}:caught"] = caught;
        }
        numbers["near-misses"] = await Total(now, "near-miss");
    }

    /// <summary>The action-item numbers, from each listed incident's Markdown as GET /api/incidents/{id} answers it.</summary>
    private async Task ActionItems(SortedDictionary<string, int> numbers, List<JsonNode> current)
    {
        int opened = 0, done = 0, overdue = 0, withGap = 0, followedUp = 0, committed = 0, committedDone = 0;
        foreach (var listed in current)
        {
            var id = Text(listed["id"]);
            var markdown = Text((await Get($"/api/incidents/{id}"))["markdown"]);
            var incident = IncidentDocument.Parse(markdown, $"{id}.md").Incident;
            var gaps = incident.Gaps.Select(g => g.Id).ToHashSet();
            if (gaps.Count > 0)
            {
                withGap++;
                if (incident.ActionItems.Any(a => a.Done && a.Gap is { } g && gaps.Contains(g))) followedUp++;
            }
            foreach (var item in incident.ActionItems)
            {
                var isOverdue = !item.Done && item.Due is { } due && due < today;
                opened++;
                if (item.Done) done++;
                // Committed: an owner and a due date; the rest are candidates.
                if (!string.IsNullOrWhiteSpace(item.Owner) && item.Due is not null)
                {
                    committed++;
                    if (item.Done) committedDone++;
                }
                if (isOverdue) overdue++;
                foreach (var (prefix, key) in new[] { ("owner", item.Owner ?? "none"), ("gap", item.Gap ?? "none") })
                {
                    Add(numbers, $"{prefix}-opened:{key}", 1);
                    Add(numbers, $"{prefix}-done:{key}", item.Done ? 1 : 0);
                    Add(numbers, $"{prefix}-open:{key}", item.Done ? 0 : 1);
                    Add(numbers, $"{prefix}-overdue:{key}", isOverdue ? 1 : 0);
                }
            }
        }
        numbers["actions:opened"] = opened;
        numbers["actions:done"] = done;
        numbers["actions:open"] = opened - done;
        numbers["actions:overdue"] = overdue;
        numbers["actions:with-gap"] = withGap;
        numbers["actions:followed-up"] = followedUp;
        numbers["actions:committed"] = committed;
        numbers["actions:committed-done"] = committedDone;
        numbers["actions:candidates"] = opened - committed;
    }

    private static void Add(SortedDictionary<string, int> numbers, string key, int value) =>
        numbers[key] = numbers.GetValueOrDefault(key) + value;

    public async Task<int> Total(string query, string kind = "incident") =>
        (await Get($"/api/incidents?status=published&kind={kind}&limit=0&{query}"))["total"]!.GetValue<int>();

    private async Task<List<JsonNode>> Items(string query)
    {
        var page = await Get($"/api/incidents?status=published&kind=incident&limit=500&{query}");
        Assert.True(page["total"]!.GetValue<int>() <= 500, "the fixture fits in one page");
        return page["items"]!.AsArray().Select(i => i!).ToList();
    }

    private async Task<JsonNode> Get(string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}

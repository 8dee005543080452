using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;

namespace Postmortems.Web.Tests.Retro;

/// <summary>The numbers a retro answer or page shows, keyed as <see cref="IncidentsApiOracle"/> keys them.</summary>
internal static class RetroNumbers
{
    /// <summary>Every <c>data-number</c> in a page, each key once (a number shown twice must read the same both times).</summary>
    public static SortedDictionary<string, int> FromPage(string html)
    {
        var numbers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("[data-number]"))
        {
            var key = element.GetAttribute("data-number")!;
            var value = int.Parse(element.TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (numbers.TryGetValue(key, out var shown)) Assert.True(shown == value, $"{key} reads {shown} in one place and {value} in another");
            numbers[key] = value;
        }
        return numbers;
    }

    /// <summary>The same numbers from <c>GET /api/retro</c>'s answer.</summary>
    public static SortedDictionary<string, int> FromApi(JsonNode retro)
    {
        var numbers = new SortedDictionary<string, int>(StringComparer.Ordinal)
        {
            ["incidents"] = Int(retro["incidents"]),
            ["previous:incidents"] = Int(retro["previousIncidents"]),
        };
        foreach (var severity in retro["severities"]!.AsArray())
        {
            numbers[$"severity:{Text(severity!["severity"])}"] = Int(severity["count"]);
            numbers[$"previous:severity:{Text(severity["severity"])}"] = Int(severity["previousCount"]);
        }
        foreach (var gap in retro["gaps"]!.AsArray())
        {
            var id = Text(gap!["id"]);
            if (Int(gap["count"]) > 0) numbers[$"gap:{id}"] = Int(gap["count"]);
            numbers[$"previous:gap:{id}"] = Int(gap["previousCount"]);
        }
        if (Int(retro["withoutGap"]) > 0) numbers["without-gap"] = Int(retro["withoutGap"]);
        foreach (var kind in retro["kinds"]!.AsArray())
        {
            numbers[$"kind:{Text(kind!["kind"])}"] = Int(kind["count"]);
            numbers[$"previous:kind:{Text(kind["kind"])}"] = Int(kind["previousCount"]);
        }
        var matrix = retro["differencesByGap"]!;
        foreach (var difference in matrix["differences"]!.AsArray())
            numbers[$"difference:{Text(difference!["id"])}"] = Int(difference["count"]);
        foreach (var cell in matrix["cells"]!.AsArray())
            numbers[$"cell:{Text(cell!["gap"])}:{Text(cell["difference"])}"] = Int(cell["count"]);
        foreach (var month in retro["trend"]!.AsArray())
        {
            var key = Text(month!["month"]);
            numbers[$"trend:{key}"] = Int(month["incidents"]);
            foreach (var (kind, count) in month["byKind"]!.AsObject())
            {
                if (Int(count) > 0) numbers[$"trend:{key}:{kind}"] = Int(count);
            }
        }
        var actions = retro["actionItems"]!;
        numbers["actions:opened"] = Int(actions["opened"]);
        numbers["actions:done"] = Int(actions["done"]);
        numbers["actions:open"] = Int(actions["open"]);
        numbers["actions:overdue"] = Int(actions["overdue"]);
        numbers["actions:with-gap"] = Int(actions["incidentsWithGap"]);
        numbers["actions:followed-up"] = Int(actions["incidentsFollowedUp"]);
        numbers["actions:committed"] = Int(actions["committed"]);
        numbers["actions:committed-done"] = Int(actions["committedDone"]);
        numbers["actions:candidates"] = Int(actions["candidates"]);
        foreach (var (prefix, groups) in new[] { ("owner", actions["byOwner"]!), ("gap", actions["byGap"]!) })
        {
            foreach (var group in groups.AsArray())
            {
                var key = group!["key"]?.GetValue<string>() ?? "none";
                numbers[$"{prefix}-opened:{key}"] = Int(group["opened"]);
                numbers[$"{prefix}-done:{key}"] = Int(group["done"]);
                numbers[$"{prefix}-open:{key}"] = Int(group["open"]);
                numbers[$"{prefix}-overdue:{key}"] = Int(group["overdue"]);
            }
        }
        foreach (var rate in retro["escapeRates"]!.AsArray())
        {
            numbers[$"escape:{Text(rate!["gap"])}:let-through"] = Int(rate["letThrough"]);
            numbers[$"escape:{Text(rate["gap"])}:caught"] = Int(rate["caught"]);
        }
        numbers["near-misses"] = retro["nearMisses"]!.AsArray().Count;
        return numbers;
    }

    private static int Int(JsonNode? node) => node!.GetValue<int>();

    private static string Text(JsonNode? node) => node!.GetValue<string>();
}

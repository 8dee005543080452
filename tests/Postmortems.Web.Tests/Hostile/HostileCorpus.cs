using System.Net;
using System.Text;

namespace Postmortems.Web.Tests.Hostile;

/// <summary>What a hostile request must get: its status, a fragment of the answer that says why, and for an XSS
/// payload that is a valid incident, a page that shows it without running it.</summary>
public sealed record HostileCase(string Name, HttpMethod Method, string Path, Func<HttpContent?> Body, HttpStatusCode Status, string Says, string Role = "author")
{
    /// <summary>An incident saved from this payload, whose page must carry no script, handler or dangerous URL.</summary>
    public string? RenderedId { get; init; }

    public override string ToString() => Name;
}

/// <summary>The acceptance corpus of issue 8: XSS payloads, YAML bombs, oversized and malformed bodies, traversal ids
/// and pathological queries and design texts, each with its expected safe outcome.</summary>
public static class HostileCorpus
{
    private static int _next;

    private static string NewId(string name) =>
        $"2026-06-{(Interlocked.Increment(ref _next) % 28) + 1:00}-hostile-{string.Join('-', name.ToLowerInvariant().Split(' ', ',', '.').Where(w => w.Length > 0))}";

    public static string Incident(string id, string body, string title = "A hostile incident", string extraFrontMatter = "") =>
        $"---\nid: {id}\ntitle: {title}\ndate: 2026-06-01\nseverity: sev3\nstatus: draft\n{extraFrontMatter}---\n\n## Summary\n\n{body}\n";

    private static Func<HttpContent?> Text(string text, string mediaType = "text/markdown") => () => new StringContent(text, Encoding.UTF8, mediaType);

    private static Func<HttpContent?> Bytes(byte[] bytes, string mediaType = "text/markdown") => () =>
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        return content;
    };

    private static HostileCase Xss(string name, string body, string title = "A hostile incident", string extraFrontMatter = "")
    {
        var id = NewId(name);
        return new HostileCase($"xss: {name}", HttpMethod.Put, $"/api/incidents/{id}", Text(Incident(id, body, title, extraFrontMatter)), HttpStatusCode.Created, id)
        {
            RenderedId = id,
        };
    }

    private static HostileCase Refused(string name, string markdownFor, HttpStatusCode status, string says, Func<string, string> make)
    {
        var id = NewId(name);
        return new HostileCase($"{markdownFor}: {name}", HttpMethod.Put, $"/api/incidents/{id}", Text(make(id)), status, says);
    }

    private static string Repeat(string unit, int times) => string.Concat(Enumerable.Repeat(unit, times));

    public static readonly string BillionLaughs =
        "lol1: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" +
        string.Concat(Enumerable.Range(2, 9).Select(i => $"lol{i}: &{(char)('a' + i - 1)} [{string.Join(",", Enumerable.Repeat($"*{(char)('a' + i - 2)}", 9))}]\n")) +
        "tags: *i\n";

    public static IEnumerable<HostileCase> All()
    {
        // Cross-site scripting: each is a valid incident, saved, whose page must show it inert.
        yield return Xss("script-tag", "<script>window.__pwned = 1</script>");
        yield return Xss("img-onerror", "<img src=x onerror=\"window.__pwned = 1\">");
        yield return Xss("javascript-link", "[click me](javascript:window.__pwned=1)");
        yield return Xss("javascript-mixed-case", "[click me](JaVaScRiPt:window.__pwned=1)");
        yield return Xss("javascript-entity", "[click me](&#106;&#97;vascript:window.__pwned=1)");
        yield return Xss("javascript-colon-entity", "[click me](javascript&colon;window.__pwned=1)");
        yield return Xss("javascript-tab", "[click me](java\tscript:window.__pwned=1)");
        yield return Xss("data-url", "[click me](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)");
        yield return Xss("vbscript", "[click me](vbscript:msgbox(1))");
        yield return Xss("javascript-image", "![pic](javascript:window.__pwned=1)");
        yield return Xss("svg-onload", "<svg onload=\"window.__pwned=1\"><script>window.__pwned=1</script></svg>");
        yield return Xss("mathml-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned=1\"></style></mglyph></table></mtext></math>");
        yield return Xss("iframe", "<iframe src=\"javascript:window.__pwned=1\"></iframe><iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe>");
        yield return Xss("object-embed", "<object data=\"javascript:window.__pwned=1\"></object><embed src=\"javascript:window.__pwned=1\">");
        yield return Xss("style-expression", "<div style=\"background:url(javascript:window.__pwned=1);width:expression(window.__pwned=1)\">x</div><style>*{background:url(javascript:1)}</style>");
        yield return Xss("meta-refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__pwned=1\">");
        yield return Xss("form-formaction", "<form action=\"javascript:window.__pwned=1\"><button formaction=\"javascript:window.__pwned=1\">go</button></form>");
        yield return Xss("generic-attributes", "# Heading {onclick=\"window.__pwned=1\"}\n\n[link](https://example.com){onmouseover=\"window.__pwned=1\"}");
        yield return Xss("reference-definition", "[the runbook][r]\n\n[r]: javascript:window.__pwned=1 \"runbook\"");
        yield return Xss("autolink-javascript", "<javascript:window.__pwned=1>");
        yield return Xss("autolink-quote", "www.example.com/\"onmouseover=\"window.__pwned=1\" and https://example.com/'onfocus='window.__pwned=1");
        yield return Xss("title-attribute", "[a](https://example.com \"x\\\" onmouseover=\\\"window.__pwned=1\")");
        yield return Xss("heading-id", "## \"><script>window.__pwned=1</script>\n\ntext");
        yield return Xss("html-comment", "<!--><script>window.__pwned=1</script>-->");
        yield return Xss("base-tag", "<base href=\"https://evil.example/\">");
        yield return Xss("details-ontoggle", "<details open ontoggle=\"window.__pwned=1\"><summary>x</summary></details><input autofocus onfocus=\"window.__pwned=1\">");
        yield return Xss("task-list", "- [ ] <img src=x onerror=\"window.__pwned=1\">\n- [x] [x](javascript:window.__pwned=1)");
        yield return Xss("table-cell", "| a | b |\n|---|---|\n| <script>window.__pwned=1</script> | [x](javascript:window.__pwned=1) |");
        yield return Xss("code-span", "`<script>window.__pwned=1</script>`\n\n```html\n<script>window.__pwned=1</script>\n```");
        yield return Xss("footnote", "A claim.[^1]\n\n[^1]: <script>window.__pwned=1</script>[x](javascript:window.__pwned=1)");
        yield return Xss("front-matter-title", "Body.", title: "\"<script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>\"");
        yield return Xss("front-matter-lists", "Body.", extraFrontMatter: "services: [\"<img src=x onerror=window.__pwned=1>\"]\ntags: [\"\\\"><script>window.__pwned=1</script>\"]\n");

        // Size and shape: refused with what is wrong and where, nothing saved.
        yield return new HostileCase("size: body over 1 MB with its length", HttpMethod.Put, "/api/incidents/2026-06-30-too-large",
            Text(Incident("2026-06-30-too-large", new string('a', 1024 * 1024 + 10))), HttpStatusCode.RequestEntityTooLarge, "larger than 1 MB");
        yield return new HostileCase("size: body over 1 MB without a length (chunked)", HttpMethod.Put, "/api/incidents/2026-06-30-too-large-chunked",
            () => new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Incident("2026-06-30-too-large-chunked", new string('a', 1024 * 1024 + 10))))) { Headers = { ContentType = new("text/markdown") } },
            HttpStatusCode.RequestEntityTooLarge, "larger than 1 MB");
        yield return new HostileCase("size: a 10 MB line", HttpMethod.Put, "/api/incidents/2026-06-30-ten-mb-line",
            Text(Incident("2026-06-30-ten-mb-line", new string('x', 10 * 1024 * 1024))), HttpStatusCode.RequestEntityTooLarge, "larger than 1 MB");
        yield return Refused("line of 500,000 characters", "shape", HttpStatusCode.BadRequest, "has 500,000 characters", id => Incident(id, new string('x', 500_000)));
        yield return new HostileCase("shape: not Markdown (application/json)", HttpMethod.Put, "/api/incidents/2026-06-30-json",
            Text("{\"id\": \"x\"}", "application/json"), HttpStatusCode.UnsupportedMediaType, "text/markdown");
        yield return new HostileCase("shape: a charset that is not UTF-8", HttpMethod.Put, "/api/incidents/2026-06-30-latin1",
            () => new StringContent(Incident("2026-06-30-latin1", "café"), Encoding.Latin1, "text/markdown"), HttpStatusCode.UnsupportedMediaType, "UTF-8");
        yield return new HostileCase("shape: invalid UTF-8", HttpMethod.Put, "/api/incidents/2026-06-30-bad-utf8",
            Bytes([.. Encoding.UTF8.GetBytes(Incident("2026-06-30-bad-utf8", "before ")), 0xC3, 0x28, 0xFF, .. "after\n"u8]), HttpStatusCode.BadRequest, "The body:12: byte");
        yield return new HostileCase("shape: a NUL byte", HttpMethod.Put, "/api/incidents/2026-06-30-nul",
            Bytes(Encoding.UTF8.GetBytes(Incident("2026-06-30-nul", "before \0 after"))), HttpStatusCode.BadRequest, "NUL");
        yield return Refused("billion laughs", "yaml", HttpStatusCode.BadRequest, "anchor '&a'", id => Incident(id, "Body.", extraFrontMatter: BillionLaughs));
        yield return Refused("an alias", "yaml", HttpStatusCode.BadRequest, "anchor", id => Incident(id, "Body.", extraFrontMatter: "owner: &who alice\nteams: [*who]\n"));
        yield return Refused("flow nesting 2,000 deep", "yaml", HttpStatusCode.BadRequest, "Line 7: the block it belongs to opens more than 16 brackets", id => Incident(id, "Body.", extraFrontMatter: $"tags: {new string('[', 2_000)}{new string(']', 2_000)}\n"));
        yield return Refused("flow nesting 20 deep", "yaml", HttpStatusCode.BadRequest, "more than 16 levels deep", id => Incident(id, "Body.", extraFrontMatter: $"tags: {Repeat("{a: ", 20)}b{new string('}', 20)}\n"));
        yield return Refused("block nesting 200 deep", "yaml", HttpStatusCode.BadRequest, "indentation levels", id => Incident(id, "Body.",
            extraFrontMatter: string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', i) + "k:\n"))));
        yield return Refused("quotes 5,000 deep", "markdown", HttpStatusCode.BadRequest, "nests 5000 quotes", id => Incident(id, new string('>', 5_000) + " deep"));
        yield return Refused("lists 5,000 deep", "markdown", HttpStatusCode.BadRequest, "quotes, lists or indentation levels", id => Incident(id, Repeat("- ", 5_000) + "deep"));
        yield return Refused("indented lists 1,000 deep", "markdown", HttpStatusCode.BadRequest, "quotes, lists or indentation levels",
            id => Incident(id, string.Concat(Enumerable.Range(0, 1_000).Select(i => new string(' ', i * 2) + "- item\n"))));
        yield return Refused("brackets 1,000 deep", "markdown", HttpStatusCode.BadRequest, "brackets or parentheses", id => Incident(id, new string('[', 1_000) + "x" + new string(']', 1_000)));
        yield return Refused("brackets 5,000 deep", "markdown", HttpStatusCode.BadRequest, "markup characters", id => Incident(id, new string('[', 5_000) + "x" + new string(']', 5_000)));
        yield return Refused("unclosed links 2,000", "markdown", HttpStatusCode.BadRequest, "brackets or parentheses", id => Incident(id, Repeat("[a](", 2_000)));
        yield return Refused("unclosed links 25,000", "markdown", HttpStatusCode.BadRequest, "Line 11 has 100,000 characters", id => Incident(id, Repeat("[a](", 25_000)));
        yield return Refused("emphasis 1,000 deep", "markdown", HttpStatusCode.BadRequest, "run of more than 16", id => Incident(id, new string('*', 1_000) + "x" + new string('*', 1_000)));
        yield return Refused("100,000 links", "markdown", HttpStatusCode.BadRequest, "markup characters, links and blocks",
            id => Incident(id, string.Join("\n", Enumerable.Range(0, 1_000).Select(_ => Repeat("[a](b) ", 100)))));
        yield return Refused("30,000 autolinks", "markdown", HttpStatusCode.BadRequest, "markup characters, links and blocks",
            id => Incident(id, string.Join("\n\n", Enumerable.Range(0, 3_000).Select(_ => Repeat("http://a.example/ ", 10)))));
        yield return Refused("3,000 table rows", "markdown", HttpStatusCode.BadRequest, "table rows",
            id => Incident(id, "| a | b |\n|---|---|\n" + Repeat("| 1 | 2 |\n", 3_000)));
        yield return Refused("a block of 40 KB", "markdown", HttpStatusCode.BadRequest, "over 32 KB without a blank line",
            id => Incident(id, string.Join("\n", Enumerable.Range(0, 400).Select(_ => new string('w', 100)))));
        yield return Refused("front matter never closed", "yaml", HttpStatusCode.BadRequest, "never closed", id => $"---\nid: {id}\ntitle: open\n" + Repeat("tags: [a]\n", 1_000));

        // Ids and paths: an id that tries to be a path is refused before anything is looked up or written.
        foreach (var (name, path) in new[]
                 {
                     ("dot-dot-slash encoded", "..%2F..%2Fetc%2Fpasswd"),
                     ("backslashes", "..%5C..%5Cwindows%5Cwin.ini"),
                     ("absolute path", "%2Fetc%2Fpasswd"),
                     ("encoded dots", "%2e%2e%2fsecret"),
                     ("upper case and dots", "Incident.md"),
                 })
        {
            yield return new HostileCase($"id: GET {name}", HttpMethod.Get, $"/api/incidents/{path}", () => null, HttpStatusCode.BadRequest, "Ids are lowercase letters", Role: "reader");
            yield return new HostileCase($"id: PUT {name}", HttpMethod.Put, $"/api/incidents/{path}", Text(Incident("x", "Body.")), HttpStatusCode.BadRequest, "Ids are lowercase letters");
        }
        yield return new HostileCase("id: DELETE dot-dot", HttpMethod.Delete, "/api/incidents/..%2F2025-04-15-dns-cutover-24h-ttl-dead-vip", () => null, HttpStatusCode.BadRequest, "Ids are lowercase letters", Role: "admin");
        yield return new HostileCase("id: revisions of a path", HttpMethod.Get, "/api/incidents/..%2F..%2Fetc/revisions", () => null, HttpStatusCode.BadRequest, "Ids are lowercase letters", Role: "reader");
        yield return new HostileCase("id: similar of a path", HttpMethod.Get, "/api/incidents/%2Fetc%2Fshadow/similar", () => null, HttpStatusCode.BadRequest, "Ids are lowercase letters", Role: "reader");
        yield return new HostileCase("id: gap of a path", HttpMethod.Get, "/api/gaps/..%2F..%2Fappsettings.json", () => null, HttpStatusCode.BadRequest, "Ids are lowercase letters", Role: "reader");
        yield return new HostileCase("id: action item of a path", HttpMethod.Put, "/api/actions/..%2Fx/3", () => JsonContent("{\"done\": true}"), HttpStatusCode.BadRequest, "Ids are lowercase letters");
        yield return new HostileCase("id: a NUL in the front matter id", HttpMethod.Put, "/api/incidents/2026-06-30-nul-id",
            Bytes(Encoding.UTF8.GetBytes(Incident("2026-06-30-nul-id", "Body.").Replace("id: 2026-06-30-nul-id", "id: 2026-06-30-nul-id\0/../../etc"))), HttpStatusCode.BadRequest, "is a NUL");
        yield return Refused("front matter id that is a path", "id", HttpStatusCode.BadRequest, "is not a slug",
            id => Incident(id, "Body.").Replace($"id: {id}", "id: ../../etc/passwd"));

        // Pathological search queries: an answer or a problem, quickly, never an error.
        foreach (var (name, query, status, says) in new[]
                 {
                     ("5,000 parentheses", new string('(', 5_000) + "x" + new string(')', 5_000), HttpStatusCode.BadRequest, "a search takes at most 500"),
                     ("2,000 ORs", string.Join(" OR ", Enumerable.Range(0, 2_000).Select(i => $"t{i}")), HttpStatusCode.BadRequest, "a search takes at most 500"),
                     ("leading wildcard", "*ing", HttpStatusCode.BadRequest, "starts with a wildcard"),
                     ("regular expression", "/.*.*.*.*.*a/", HttpStatusCode.BadRequest, "Regular expressions"),
                     ("fuzzy everywhere", string.Join(" ", Enumerable.Range(0, 12).Select(i => $"{(char)('a' + i)}word~2")), HttpStatusCode.BadRequest, "keep at most 10"),
                     ("script tag", "<script>window.__pwned=1</script>", HttpStatusCode.BadRequest, "could not be read"),
                     ("control characters", "\u0000\u0001pool\u200b", HttpStatusCode.OK, "\"total\""),
                     ("boost overflow", "pool^1000000000", HttpStatusCode.OK, "\"total\""),
                 })
        {
            yield return new HostileCase($"query: {name}", HttpMethod.Get, $"/api/search?q={Uri.EscapeDataString(query)}", () => null, status, says, Role: "reader");
        }

        // Design-check texts: limits answered as problems, payloads answered as data.
        yield return new HostileCase("design: empty", HttpMethod.Post, "/api/design-check", Text("   ", "text/plain"), HttpStatusCode.BadRequest, "empty", Role: "reader");
        yield return new HostileCase("design: over 100 KB", HttpMethod.Post, "/api/design-check", Text(new string('a', 101 * 1024), "text/plain"), HttpStatusCode.RequestEntityTooLarge, "100 KB", Role: "reader");
        yield return new HostileCase("design: invalid UTF-8", HttpMethod.Post, "/api/design-check", Bytes([0x61, 0xFF, 0xFE, 0x62], "text/plain"), HttpStatusCode.BadRequest, "UTF-8", Role: "reader");
        yield return new HostileCase("design: script payload", HttpMethod.Post, "/api/design-check", Text("We cache DNS for 24h. <script>window.__pwned=1</script>", "text/plain"), HttpStatusCode.OK, "\"markdown\"", Role: "reader");
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}

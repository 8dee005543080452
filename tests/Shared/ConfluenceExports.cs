using System.IO.Compression;
using System.Text;

namespace Postmortems.Tests;

/// <summary>
/// A Confluence space's HTML export as Confluence writes it: ENG/index.html, one ENG/&lt;Title&gt;_&lt;id&gt;.html per
/// page (breadcrumbs, "Space : Title" heading, page metadata, #main-content, an attachments section), attachments and
/// styles beside them. Two pages are postmortems (one by its headings, one by its label), one is meeting notes.
/// </summary>
public static class ConfluenceExports
{
    public const string CheckoutPage = "Checkout-outage-after-the-pool-variable-rename_65541.html";
    public const string DnsPage = "DNS-cutover-retro_65542.html";
    public const string MeetingPage = "Weekly-ops-meeting-2025-03-17_65543.html";

    public const string CheckoutContent = """
        <div class="confluence-information-macro confluence-information-macro-information conf-macro output-block" data-macro-name="info"><span class="aui-icon aui-icon-small aui-iconfont-info confluence-information-macro-icon"></span><div class="confluence-information-macro-body"><p>Status: <strong>reviewed</strong> by the payments team.</p></div></div>
        <h1 id="Checkoutoutage-Summary">Summary</h1>
        <p>On 14 March 2025 checkout timed out for <em>forty minutes</em> because <code>POOL_SIZE</code> was unset. See the <a href="https://status.example.com/incidents/42" rel="nofollow">status page</a>.</p>
        <h1 id="Checkoutoutage-Impact">Impact</h1>
        <ul><li>12% of checkouts failed</li><li>Support received 240 tickets<ul><li>most from the EU region</li></ul></li></ul>
        <h1 id="Checkoutoutage-Timeline">Timeline</h1>
        <ol><li><p>14:02 the p99 alert fired</p></li><li><p>14:09 rolled back to v411</p></li></ol>
        <p><span class="confluence-embedded-file-wrapper"><img class="confluence-embedded-image" src="attachments/65541/65600.png" data-image-src="attachments/65541/65600.png" alt="p99 latency graph"></span></p>
        <h1 id="Checkoutoutage-Rootcause">Root cause</h1>
        <div class="code panel pdl conf-macro output-block" data-macro-name="code"><div class="codeContent panelContent pdl"><pre class="syntaxhighlighter-pre" data-syntaxhighlighter-params="brush: bash; gutter: false; theme: Confluence">DB_POOL_SIZE=50
        POOL_SIZE=</pre></div></div>
        <div class="toc-macro client-side-toc-macro conf-macro output-block" data-macro-name="toc"></div>
        <h1 id="Checkoutoutage-Actionitems">Action items</h1>
        <div class="table-wrap"><table class="confluenceTable"><colgroup><col><col><col></colgroup><tbody>
        <tr><th class="confluenceTh">Action</th><th class="confluenceTh">Owner</th><th class="confluenceTh">Due</th></tr>
        <tr><td class="confluenceTd">Add a load test at the production pool size</td><td class="confluenceTd"><a class="confluence-userlink user-mention" href="/display/~bob">Bob Stone</a></td><td class="confluenceTd">2025-04-01</td></tr>
        <tr><td class="confluenceTd">Make the pool size a <strong>required</strong> setting</td><td class="confluenceTd">carol</td><td class="confluenceTd">2025-04-15</td></tr>
        </tbody></table></div>
        """;

    public const string DnsContent = """
        <h2 id="DNScutoverretro-Whathappened">What happened</h2>
        <p>The DNS cutover kept a 24h TTL, so clients kept resolving the retired VIP for a day.</p>
        <h2 id="DNScutoverretro-Followups">Follow-ups</h2>
        <ul class="inline-task-list"><li>Lower the TTL a day before any cutover</li></ul>
        """;

    public const string MeetingContent = """
        <h2>Date</h2><p>17 Mar 2025</p>
        <h2>Attendees</h2><ul><li>alice</li><li>bob</li></ul>
        <h2>Action items</h2><ul><li>alice to book the game day</li></ul>
        """;

    public static string WriteZip(string zipPath)
    {
        using var stream = File.Create(zipPath);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        void Add(string path, byte[] bytes)
        {
            using var entry = zip.CreateEntry(path).Open();
            entry.Write(bytes);
        }
        Add("ENG/index.html", Encoding.UTF8.GetBytes(Index()));
        Add($"ENG/{CheckoutPage}", Encoding.UTF8.GetBytes(Page("Checkout outage after the pool variable rename", CheckoutContent, "Mar 20, 2025", attachment: "65600.png", labels: [])));
        Add($"ENG/{DnsPage}", Encoding.UTF8.GetBytes(Page("DNS cutover retro", DnsContent, "Apr 16, 2025", attachment: null, labels: ["incident", "dns"])));
        Add($"ENG/{MeetingPage}", Encoding.UTF8.GetBytes(Page("Weekly ops meeting 2025-03-17", MeetingContent, "Mar 17, 2025", attachment: null, labels: ["meeting-notes"])));
        Add("ENG/attachments/65541/65600.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]);
        Add("ENG/styles/site.css", Encoding.UTF8.GetBytes("body { font-family: sans-serif; }"));
        Add("ENG/images/icons/bullet_blue.gif", [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]);
        return zipPath;
    }

    private static string Index() => """
        <!DOCTYPE html>
        <html><head><title>Engineering : Engineering Home</title><link rel="stylesheet" href="styles/site.css" type="text/css" /></head>
        <body class="theme-default aui-theme-default"><div id="page"><div id="main" class="aui-page-panel"><div id="main-header">
        <h1 id="title-heading" class="pagetitle"><span id="title-text">Engineering</span></h1></div>
        <div id="content" class="view"><div class="pageSection"><h2>Available Pages:</h2><ul>
        <li><a href="Checkout-outage-after-the-pool-variable-rename_65541.html">Checkout outage after the pool variable rename</a></li>
        <li><a href="DNS-cutover-retro_65542.html">DNS cutover retro</a></li>
        <li><a href="Weekly-ops-meeting-2025-03-17_65543.html">Weekly ops meeting 2025-03-17</a></li></ul></div></div></div>
        <div id="footer" role="contentinfo"><section class="footer-body"><p>Document generated by Confluence on Apr 20, 2025 09:12</p></section></div></div></body></html>
        """;

    private static string Page(string title, string content, string lastModified, string? attachment, string[] labels)
    {
        var attachments = attachment is null ? "" : $"""
            <div class="pageSection group"><div class="pageSectionHeader"><h2 id="attachments" class="pageSectionTitle">Attachments:</h2></div>
            <div class="greybox" align="left"><img src="images/icons/bullet_blue.gif" height="8" width="8" alt=""/><a href="attachments/65541/{attachment}">{attachment}</a> (image/png)<br/></div></div>
            """;
        var labelList = labels.Length == 0 ? "" : "<div class=\"labels\">" + string.Concat(labels.Select(l => $"<a class=\"aui-label\" href=\"#\">{l}</a>")) + "</div>";
        return $"""
            <!DOCTYPE html>
            <html><head><title>Engineering : {title}</title><link rel="stylesheet" href="styles/site.css" type="text/css" /></head>
            <body class="theme-default aui-theme-default"><div id="page"><div id="main" class="aui-page-panel"><div id="main-header">
            <div id="breadcrumb-section"><ol id="breadcrumbs"><li class="first"><span><a href="index.html">Engineering</a></span></li><li><span><a href="Incidents_65540.html">Incidents</a></span></li></ol></div>
            <h1 id="title-heading" class="pagetitle"><span id="title-text"> Engineering : {title} </span></h1></div>
            <div id="content" class="view"><div class="page-metadata">Created by <span class='author'> Alice</span>, last modified by <span class='editor'> Bob Stone</span> on <span class='last-modified'>{lastModified}</span></div>
            <div id="main-content" class="wiki-content group">
            {content}
            </div>
            {labelList}
            {attachments}
            </div></div>
            <div id="footer" role="contentinfo"><section class="footer-body"><p>Document generated by Confluence on Apr 20, 2025 09:12</p></section></div></div></body></html>
            """;
    }
}

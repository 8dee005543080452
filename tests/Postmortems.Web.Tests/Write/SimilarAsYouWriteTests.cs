using Bunit;
using Postmortems.Core.Format;
using Postmortems.Tests;
using Postmortems.Web.Components.Pages.Write;

namespace Postmortems.Web.Tests.Write;

/// <summary>The past records the editor shows while a postmortem is written, looked up again as the text grows.</summary>
public sealed class SimilarAsYouWriteTests : EditorTestContext
{
    private const string PoolIncident = "2024-12-02-checkout-pool-env-var-rename";
    private const string PoolNearMiss = "2026-02-24-pool-size-key-rename-caught-in-config-review";

    private void SaveSeed(params string[] ids)
    {
        foreach (var id in ids)
        {
            var path = Path.Combine(RepositoryContent.Directory, "incidents", id + ".md");
            Store.Save(IncidentDocument.Parse(File.ReadAllText(path), path), "seed");
        }
    }

    private static string DraftSaying(string summary) => $"""
        ---
        id: 2026-03-14-checkout-timeouts
        title: Checkout timed out
        status: draft
        ---

        ## Summary

        {summary}

        """;

    [Fact]
    public void A_short_draft_asks_for_a_few_sentences_and_looks_nothing_up()
    {
        SaveSeed(PoolIncident);

        var editor = RenderEditor(DraftSaying("Checkout failed."));

        var similar = editor.Find("[data-testid=similar-as-you-write]");
        Assert.Contains("once the draft says what happened", similar.TextContent);
        Assert.Equal("0", similar.GetAttribute("data-lookups"));
    }

    [Fact]
    public async Task The_records_most_like_the_draft_show_as_it_grows_near_misses_marked_with_the_recurrence_line()
    {
        SaveSeed(PoolIncident, PoolNearMiss, "2025-04-15-dns-cutover-24h-ttl-dead-vip");
        var editor = RenderEditor(DraftSaying("Checkout failed."));

        await Input(editor, DraftSaying("After the driver upgrade the connection pool size setting was renamed, the environment variable "
            + "DB_POOL_MAX was no longer read, and checkout fell back to the default pool of 10 connections and timed out at peak."));
        Time.Advance(IncidentEditor.Debounce);

        editor.WaitForAssertion(() => Assert.NotEmpty(editor.FindAll("[data-testid=similar-records] li")));
        var ids = editor.FindAll("[data-testid=similar-records] li").Select(li => li.GetAttribute("data-id")).ToList();
        Assert.Contains(PoolIncident, ids);
        Assert.Contains(PoolNearMiss, ids);
        Assert.DoesNotContain("2025-04-15-dns-cutover-24h-ttl-dead-vip", ids.Take(2));
        var nearMiss = editor.Find($"[data-testid=similar-records] li[data-id='{PoolNearMiss}']");
        Assert.Contains("near miss", nearMiss.TextContent);
        Assert.Contains($"recurrence-of: {PoolNearMiss}", nearMiss.TextContent);
        Assert.Equal("1", editor.Find("[data-testid=similar-as-you-write]").GetAttribute("data-lookups"));

        // A few more words do not look again; a paragraph more does.
        await Input(editor, TextOf(editor).Replace("at peak.", "at peak today."));
        Time.Advance(IncidentEditor.Debounce);
        await Input(editor, TextOf(editor) + "\n## Root cause\n\n" +
            "The Helm values still set the old key, and nothing checked that the service read every key it was given at startup.\n");
        Time.Advance(IncidentEditor.Debounce);
        editor.WaitForAssertion(() => Assert.Equal("2", editor.Find("[data-testid=similar-as-you-write]").GetAttribute("data-lookups")));
    }

    [Fact]
    public void The_authors_words_leave_out_the_front_matter_and_the_template_guidance()
    {
        var template = File.ReadAllText(Path.Combine(RepositoryContent.Directory, IncidentDocument.NearMissTemplateFileName));

        Assert.Equal("", SimilarAsYouWrite.AuthorsWords(template));
        Assert.Equal("Pool ran out\nIt ran out.", SimilarAsYouWrite.AuthorsWords("---\ntitle: Pool ran out\n---\n\n## Summary\n\nIt ran out.\n"));
    }
}

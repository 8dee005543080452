using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor.Services;
using Postmortems.Core.DesignCheck;
using Postmortems.Core.Format;
using Postmortems.Core.Import;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Web.Components.Pages.DesignCheck;
using Postmortems.Web.Tests.Gaps;

namespace Postmortems.Web.Tests.DesignCheck;

/// <summary>A store seeded from content/, with its index and a design checker, shared by the component tests of a class.</summary>
public sealed class SeededDesignChecker : IDisposable
{
    public SeededDesignChecker()
    {
        var taxonomy = TestStore.RepositoryTaxonomy.Value;
        var seeded = ContentSeeder.SeedIfEmpty(Seed.Store, new IncidentValidator(taxonomy), RepositoryContent.Directory)!;
        if (seeded.HasFailures) throw new InvalidOperationException("the seed content did not import");
        Checker = new DesignChecker(Seed.Index, taxonomy, Seed.Store);
    }

    public TestStore Seed { get; } = new();

    public DesignChecker Checker { get; }

    public void Dispose() => Seed.Dispose();
}

/// <summary>A stream of bytes as the browser hands them over for <c>readText</c>.</summary>
internal sealed class BrowserText(byte[] bytes, long? length = null) : IJSStreamReference
{
    public BrowserText(string text) : this(Encoding.UTF8.GetBytes(text)) { }

    public long Length { get; } = length ?? bytes.Length;

    public ValueTask<Stream> OpenReadStreamAsync(long maxAllowedSize = 512000, CancellationToken cancellationToken = default)
    {
        if (Length > maxAllowedSize) throw new ArgumentOutOfRangeException(nameof(maxAllowedSize), "the page should have refused this size first");
        return ValueTask.FromResult<Stream>(new MemoryStream(bytes));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class DesignCheckPageTests : BunitContext, IClassFixture<SeededDesignChecker>, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private const string MigrationIncident = "2025-01-21-orders-migration-table-rewrite-lock";

    /// <summary>A check runs off the renderer's thread; on a loaded machine it may take more than bUnit's default second.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly BunitJSModuleInterop _module;

    public DesignCheckPageTests(SeededDesignChecker seeded)
    {
        Services.AddMudServices();
        Services.AddSingleton(TestStore.RepositoryTaxonomy.Value);
        Services.AddSingleton(seeded.Checker);
        JSInterop.Mode = JSRuntimeMode.Loose;
        _module = JSInterop.SetupModule(DesignCheckPage.ModulePath);
        _module.Setup<bool>("copy", _ => true).SetResult(true);
    }

    private IRenderedComponent<DesignCheckPage> Open()
    {
        var page = Render<DesignCheckPage>();
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=check]").HasAttribute("disabled")), Patience);
        return page;
    }

    /// <summary>What the browser answers for the box: its size first, then (when there is something) its bytes.</summary>
    private void BrowserHas(BrowserText text)
    {
        _module.Setup<long>("textSize", _ => true).SetResult(text.Length);
        _module.Setup<IJSStreamReference>("readText", _ => true).SetResult(text);
    }

    [Fact]
    public void Before_a_check_it_explains_what_to_paste_and_attaches_the_size_counter_with_the_100_KB_limit()
    {
        var page = Open();

        Assert.Equal("Design check", page.Find("h1").TextContent.Trim());
        Assert.NotNull(page.Find("textarea#design-text"));
        Assert.Contains("Nothing checked yet", page.Find("[data-testid=design-empty]").TextContent);
        var attach = Assert.Single(_module.Invocations["attach"]);
        Assert.Equal(DesignInput.MaxBytes, attach.Arguments[2]);
        Assert.Equal("design-file", page.Find("label[for=design-file]").GetAttribute("for"));
    }

    [Fact]
    public void Checking_shows_the_incidents_with_why_the_gaps_the_checklist_the_differences_and_the_markdown()
    {
        BrowserHas(new BrowserText(DesignCheckApiTests.Migration));
        var page = Open();

        page.Find("[data-testid=check]").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=design-incidents]")), Patience);
        var first = page.FindAll(".dc-incident")[0];
        Assert.Equal(MigrationIncident, first.GetAttribute("data-id"));
        Assert.Contains("Orders API went down for 38 minutes", first.QuerySelector(".dc-title")!.TextContent);
        Assert.Contains("backfill", first.QuerySelector("[data-testid=why-terms]")!.TextContent);
        var snippet = first.QuerySelector("[data-testid=why-snippet]")!;
        Assert.NotEmpty(snippet.QuerySelector(".dc-section")!.TextContent);
        Assert.NotEmpty(snippet.QuerySelectorAll("mark"));
        Assert.Contains("migration-review", page.FindAll("[data-gap]").Select(g => g.GetAttribute("data-gap")));
        Assert.NotEmpty(page.FindAll("[data-testid=checklist-item]"));
        Assert.StartsWith("0 of ", page.Find("[data-testid=checklist-progress]").TextContent);
        Assert.NotNull(page.Find("[data-testid=design-differences]"));
        // Absolute links: the Markdown is pasted far from this app.
        Assert.Contains($"](http://localhost/incidents/{MigrationIncident})", page.Find(".dc-markdown").TextContent);
        Assert.Matches(@"\d past incidents? · \d+ gaps? · \d+ steps? to check", page.Find("[data-testid=design-summary]").TextContent);
    }

    [Fact]
    public async Task Ctrl_enter_in_the_box_checks_too()
    {
        BrowserHas(new BrowserText(DesignCheckApiTests.Migration));
        var page = Open();

        // What the module's keydown listener calls, from outside the renderer, as JS does.
        await page.Instance.CheckFromKeyboard();

        page.WaitForAssertion(() => Assert.Equal(MigrationIncident, page.FindAll(".dc-incident")[0].GetAttribute("data-id")), Patience);
    }

    [Fact]
    public void An_empty_box_is_refused_with_the_message_and_nothing_else_shown()
    {
        BrowserHas(new BrowserText(""));
        var page = Open();

        page.Find("[data-testid=check]").Click();

        page.WaitForAssertion(() => Assert.Contains("The design text is empty", page.Find("[data-testid=design-error]").TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=design-incidents]"));
        // A stream of no bytes is not allowed, so an empty box is never asked for one.
        Assert.DoesNotContain("readText", _module.Invocations.Identifiers);
    }

    [Fact]
    public void A_box_of_blanks_is_refused_the_same_way()
    {
        BrowserHas(new BrowserText("   \n"));
        var page = Open();

        page.Find("[data-testid=check]").Click();

        page.WaitForAssertion(() => Assert.Contains("The design text is empty", page.Find("[data-testid=design-error]").TextContent), Patience);
    }

    [Fact]
    public void A_text_over_100_KB_is_refused_before_it_is_read_with_its_size()
    {
        BrowserHas(new BrowserText([], length: 150 * 1024));
        var page = Open();

        page.Find("[data-testid=check]").Click();

        page.WaitForAssertion(() => Assert.Equal(
            "The design text is 150 KB; the design check reads at most 100 KB. Check the sections that describe the change (what changes, rollout, risks) rather than the whole document.",
            page.Find("[data-testid=design-error]").TextContent.Trim()), Patience);
        Assert.DoesNotContain("readText", _module.Invocations.Identifiers);
    }

    [Fact]
    public void An_uploaded_markdown_file_is_put_in_the_box_and_checked_and_named_in_the_results()
    {
        var page = Open();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(DesignCheckApiTests.Migration, "orders-design.md"));

        page.WaitForAssertion(() => Assert.Contains("orders-design.md", page.Find("[data-testid=design-summary]").TextContent), Patience);
        Assert.Equal(DesignCheckApiTests.Migration, Assert.Single(_module.Invocations["setText"]).Arguments[1]);
        Assert.Equal(MigrationIncident, page.FindAll(".dc-incident")[0].GetAttribute("data-id"));
    }

    [Fact]
    public void An_uploaded_file_over_100_KB_or_not_utf8_is_refused_naming_the_file()
    {
        var page = Open();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[DesignInput.MaxBytes + 100], "huge.md"));
        page.WaitForAssertion(() => Assert.StartsWith("huge.md: The design text is 100.1 KB", page.Find("[data-testid=design-error]").TextContent.Trim()), Patience);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.Latin1.GetBytes("Größe"), "latin1.md"));
        page.WaitForAssertion(() => Assert.StartsWith("latin1.md is not UTF-8 text", page.Find("[data-testid=design-error]").TextContent.Trim()), Patience);
        Assert.DoesNotContain("setText", _module.Invocations.Identifiers);
    }

    [Fact]
    public void The_example_fills_the_box_and_shows_what_a_check_gives()
    {
        var page = Open();

        page.Find("[data-testid=example]").Click();

        page.WaitForAssertion(() => Assert.Equal("2024-12-02-checkout-pool-env-var-rename", page.FindAll(".dc-incident")[0].GetAttribute("data-id")), Patience);
        Assert.Equal(DesignCheckPage.Example, Assert.Single(_module.Invocations["setText"]).Arguments[1]);
    }

    [Fact]
    public async Task Copy_hands_the_markdown_to_the_browser_and_says_it_was_copied()
    {
        BrowserHas(new BrowserText(DesignCheckApiTests.Migration));
        var page = Open();
        page.Find("[data-testid=check]").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=copy-markdown]")), Patience);

        await page.Find("[data-testid=copy-markdown]").ClickAsync(new MouseEventArgs());

        var copied = Assert.Single(_module.Invocations["copy"]);
        Assert.Equal(page.Find(".dc-markdown").TextContent, copied.Arguments[0]);
        Assert.Contains(Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars, s => s.Message == "Markdown copied");
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Postmortems.Core.Accounts;

namespace Postmortems.EndToEnd.Tests;

/// <summary>
/// The everyday pages at a desktop width and a phone's: nothing wider than the screen, the menu button on the phone,
/// the top bar's search box and its "/" shortcut. Screenshots go to TestResults/screenshots/layout.
/// </summary>
public sealed class LayoutTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string DnsIncident = "2025-04-15-dns-cutover-24h-ttl-dead-vip";

    private static readonly (string Name, string Path, string Ready)[] Pages =
    [
        ("search", "?q=pool", "[data-testid=result-count]"),
        ("incident", $"incidents/{DnsIncident}", "article.incident-body"),
        ("editor-new", "incidents/new", ".incident-editor"),
        ("editor-edit", $"incidents/{DnsIncident}/edit", ".incident-editor"),
        ("retro", "retro", "h1"),
        ("actions", "actions", "table.action-table tbody tr"),
        ("admin", "admin", "[data-testid=users]"),
    ];

    public static TheoryData<int> Widths => [1400, 390];

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public async Task No_page_is_wider_than_the_screen(int width)
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        // Signed in as an admin, the top bar holds the most; the sign-in helper checks the name shown at desktop width.
        var page = await NewPageAsync(1400);
        await browser.SignInAsync(page, Role.Admin);
        await page.SetViewportSizeAsync(width, 900);
        var directory = Path.Combine(BrowserFixture.ScreenshotDirectory, "layout");
        Directory.CreateDirectory(directory);

        var overflowing = new List<string>();
        foreach (var (name, path, ready) in Pages)
        {
            await BrowserFixture.GotoInteractiveAsync(page, path);
            await page.Locator(ready).First.WaitForAsync();
            var (scrollWidth, innerWidth) = await WidthsAsync(page);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{width}-{name}.png"), FullPage = true });
            if (scrollWidth > innerWidth) overflowing.Add($"{path}: {scrollWidth} px wide in a {innerWidth} px window ({await WidestAsync(page)})");
        }

        Assert.True(overflowing.Count == 0, string.Join("\n", overflowing));
        Assert.Empty(browser.PageErrors);
    }

    [SkippableFact]
    public async Task On_a_phone_the_menu_button_opens_the_navigation()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await NewPageAsync(390);

        await BrowserFixture.GotoInteractiveAsync(page, $"incidents/{DnsIncident}");
        await Assertions.Expect(page.Locator("[data-testid=nav-actions]")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-testid=menu]")).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        await page.Locator("[data-testid=menu-button]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=menu]")).ToHaveClassAsync(new Regex("mud-drawer--open"));
        await page.Locator("[data-testid=menu-actions]").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "layout/390-menu-open");
        await page.Locator("[data-testid=menu-actions]").ClickAsync();

        await page.WaitForURLAsync("**/actions");
        await page.Locator("table.action-table tbody tr").First.WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=menu]")).Not.ToHaveClassAsync(new Regex("mud-drawer--open"));
        Assert.Empty(browser.PageErrors);
    }

    [SkippableFact]
    public async Task Slash_focuses_the_top_bar_search_and_enter_searches_with_the_query_in_the_address()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await NewPageAsync(1400);

        await BrowserFixture.GotoInteractiveAsync(page, $"incidents/{DnsIncident}");
        await page.Locator("article.incident-body").ClickAsync();
        await page.Keyboard.PressAsync("/");
        var box = page.Locator("[data-testid=top-search]");
        await Assertions.Expect(box).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("connection pool");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync("**/?q=connection%20pool");
        await page.Locator("[data-testid=result-count]").WaitForAsync();
        Assert.Equal("connection pool", await page.Locator("input[aria-label='Search incidents']").InputValueAsync());
        Assert.Empty(browser.PageErrors);
    }

    [SkippableFact]
    public async Task Slash_typed_in_a_field_stays_in_the_field()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await NewPageAsync(1400);

        await BrowserFixture.GotoInteractiveAsync(page, "");
        var searchPageBox = page.Locator("input[aria-label='Search incidents']");
        await searchPageBox.ClickAsync();
        await page.Keyboard.TypeAsync("a/b");

        await Assertions.Expect(searchPageBox).ToHaveValueAsync("a/b");
        await Assertions.Expect(page.Locator("[data-testid=top-search]")).Not.ToBeFocusedAsync();
    }

    private async Task<IPage> NewPageAsync(int width)
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(width, 900);
        return page;
    }

    private static async Task<(int ScrollWidth, int InnerWidth)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return (widths[0], widths[1]);
    }

    /// <summary>The element that sticks out furthest to the right, to name in a failure.</summary>
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>(
        """
        () => {
          let widest = null, right = 0;
          for (const element of document.body.querySelectorAll('*')) {
            const r = element.getBoundingClientRect().right;
            if (r > right) { right = r; widest = element; }
          }
          return widest ? `${widest.tagName.toLowerCase()}.${[...widest.classList].join('.')} reaches ${Math.round(right)} px` : 'nothing';
        }
        """);
}

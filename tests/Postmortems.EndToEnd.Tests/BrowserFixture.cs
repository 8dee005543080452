using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Postmortems.Core;
using Postmortems.Core.Accounts;
using Postmortems.Tests;

namespace Postmortems.EndToEnd.Tests;

/// <summary>
/// The app on a free loopback port, on a fresh data directory seeded from content/, and Debian's Chromium driven by
/// Playwright (browsers cannot be downloaded here). Where Chromium is missing the tests skip, except under CI=true,
/// where a missing browser is a failure: .ci/run installs it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TempDirectory _data = new();
    private AppOnKestrel? _app;
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }
    public string BaseUrl { get; private set; } = "";

    public string? SkipReason =>
        File.Exists(ChromiumPath) || Environment.GetEnvironmentVariable("CI") == "true"
            ? null
            : $"{ChromiumPath} is not installed (apt-get install -y chromium): the end-to-end tests need a real browser";

    public IServiceProvider Services => _app!.Services;

    /// <summary>Screenshots of each page, kept as test artifacts.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(TestPaths.RepoRoot, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (SkipReason is not null) return;
        if (!File.Exists(ChromiumPath)) throw new InvalidOperationException($"CI=true but {ChromiumPath} is missing: .ci/run must install chromium");

        _app = new AppOnKestrel(_data.Path);
        BaseUrl = _app.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>A new page, 1400 pixels wide, whose console errors fail the test that reads <see cref="PageErrors"/>.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, BaseURL = BaseUrl });
        page.PageError += (_, error) => PageErrors.Add(error);
        return page;
    }

    public List<string> PageErrors { get; } = [];

    /// <summary>Goes to a page and waits for its interactive circuit, so that clicks and typing are not lost.</summary>
    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-circuit=ready]").WaitForAsync();
    }

    public const string Password = "end to end password";

    /// <summary>Signs the page in through the /signin form, as a person would, as a user with this role (made the first time).</summary>
    public async Task SignInAsync(IPage page, Role role)
    {
        var accounts = Services.GetRequiredService<AccountStore>();
        var name = $"e2e-{role.Name()}";
        lock (accounts)
        {
            if (accounts.Find(name) is null) accounts.Add(name, role, Password);
        }
        await page.GotoAsync("signin");
        await page.Locator("#signin-name").FillAsync(name);
        await page.Locator("#signin-password").FillAsync(Password);
        await page.Locator("[data-testid=signin-submit]").ClickAsync();
        await page.Locator("[data-testid=signed-in-user]", new() { HasText = $"{name} ({role.Name()})" }).WaitForAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    private sealed class AppOnKestrel(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting(PostmortemsPaths.DataDirectoryKey, dataDirectory);
            builder.UseSetting(PostmortemsPaths.ContentDirectoryKey, TestPaths.Content);
        }

        public string Start()
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return addresses.First().TrimEnd('/') + "/";
        }
    }
}

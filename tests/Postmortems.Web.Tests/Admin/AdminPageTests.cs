using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Postmortems.Core.Accounts;
using Postmortems.Core.Storage;
using Postmortems.Tests;
using Postmortems.Web.Components.Pages.Admin;

namespace Postmortems.Web.Tests.Admin;

/// <summary>Managing people on /admin: each change goes through the same AccountStore calls as the command, and is recorded.</summary>
public sealed class AdminPageTests : BunitContext, IAsyncLifetime
{
    private const string Admin = "root";
    private const string Password = "a long enough password";

    private readonly TempDirectory _data = new();
    private readonly IncidentStore _store;

    public AdminPageTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
        _store = new IncidentStore(_data.Path, "admin page tests", time);
        Accounts = new AccountStore(_store, time);
        Accounts.Add(Admin, Role.Admin, Password);
        Services.AddMudServices();
        Services.AddSingleton(Accounts);
        Services.AddSingleton(new RevisionLog(_store));
        Authorization = AddAuthorization();
        Authorization.SetAuthorized(Admin);
        Authorization.SetRoles(Roles.Admin, Roles.Author, Roles.Reader);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private AccountStore Accounts { get; }

    private BunitAuthorizationContext Authorization { get; }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _store.Dispose();
        _data.Dispose();
    }

    private IRenderedComponent<AdminPage> OpenAdmin()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("admin");
        return Render<AdminPage>();
    }

    private static async Task AddUserAsync(IRenderedComponent<AdminPage> page, string name, Role role, bool withLink)
    {
        await page.Find("[data-testid=new-user-name]").InputAsync(name);
        await page.Find("[data-testid=new-user-role]").ChangeAsync(role.ToString());
        await page.Find(withLink ? "[data-testid=with-link]" : "[data-testid=with-password]").ChangeAsync(true);
        await page.Find("[data-testid=add-user-form]").SubmitAsync();
    }

    private static string Secret(IRenderedComponent<AdminPage> page) => page.Find("[data-testid=secret-value]").TextContent.Trim();

    private static AngleSharp.Dom.IElement LatestChange(IRenderedComponent<AdminPage> page) => page.FindAll("[data-testid=account-changes] tbody tr")[0];

    [Fact]
    public async Task Adding_a_user_shows_a_password_once_that_signs_them_in_and_records_who_added_them()
    {
        var page = OpenAdmin();

        await AddUserAsync(page, "Dana", Role.Author, withLink: false);

        var password = Secret(page);
        Assert.Equal(SignInOutcome.SignedIn, Accounts.SignIn("dana", password).Outcome);
        Assert.Equal(Role.Author, Accounts.Find("dana")!.Role);
        Assert.NotNull(page.Find("[data-testid=users] tr[data-user=dana]"));
        var change = LatestChange(page);
        Assert.Equal((AccountActions.UserAdded, "Dana"), (change.GetAttribute("data-action"), change.GetAttribute("data-subject")));
        Assert.Contains(Admin, change.TextContent);
        Assert.DoesNotContain(password, page.Find("[data-testid=account-changes]").TextContent);

        page.Find("[data-testid=one-time-secret] button").Click();
        Assert.DoesNotContain(password, page.Markup); // shown once: gone when dismissed
    }

    [Fact]
    public async Task Adding_a_user_with_a_sign_in_link_shows_a_welcome_link_that_works_once()
    {
        var page = OpenAdmin();

        await AddUserAsync(page, "erin", Role.Reader, withLink: true);

        var link = new Uri(Secret(page));
        Assert.Equal("/welcome", link.AbsolutePath);
        var code = Uri.UnescapeDataString(link.Query["?code=".Length..]);
        Assert.Equal("erin", Accounts.CheckSignInLink(code).Account?.Name);
        Assert.Equal([AccountActions.SignInLinkCreated, AccountActions.UserAdded],
            page.FindAll("[data-testid=account-changes] tbody tr").Take(2).Select(tr => tr.GetAttribute("data-action")));
    }

    [Fact]
    public async Task A_name_already_taken_is_refused_with_the_reason()
    {
        var page = OpenAdmin();

        await AddUserAsync(page, "ROOT", Role.Reader, withLink: false);

        Assert.Contains("There is already a user 'root'", page.Find("[data-testid=users-error]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=one-time-secret]"));
        Assert.Single(Accounts.List());
    }

    [Fact]
    public async Task Changing_a_role_saves_it_and_the_only_admin_stays_an_admin()
    {
        Accounts.Add("frank", Role.Reader, Password);
        var page = OpenAdmin();

        await page.Find("tr[data-user=frank] [data-testid=role]").ChangeAsync(nameof(Role.Author));

        Assert.Equal(Role.Author, Accounts.Find("frank")!.Role);
        Assert.Contains("frank is now author", page.Find("[data-testid=users-message]").TextContent);
        Assert.Equal("reader to author", LatestChange(page).Children[4].TextContent);

        await page.Find("tr[data-user=root] [data-testid=role]").ChangeAsync(nameof(Role.Reader));

        Assert.Contains("only admin", page.Find("[data-testid=users-error]").TextContent);
        Assert.Equal(Role.Admin, Accounts.Find(Admin)!.Role);
        Assert.Equal(nameof(Role.Admin), page.Find("tr[data-user=root] [data-testid=role]").GetAttribute("value"));
    }

    [Fact]
    public async Task A_new_password_lifts_a_lockout()
    {
        Accounts.Add("gina", Role.Author, Password);
        for (var i = 0; i < AccountStore.MaxFailedSignIns; i++) Accounts.SignIn("gina", "not her password");
        Assert.Equal(SignInOutcome.LockedOut, Accounts.SignIn("gina", Password).Outcome);
        var page = OpenAdmin();

        await page.Find("tr[data-user=gina] [data-testid=reset-password]").ClickAsync(new());

        Assert.Equal(SignInOutcome.SignedIn, Accounts.SignIn("gina", Secret(page)).Outcome);
        Assert.Equal(AccountActions.PasswordReset, LatestChange(page).GetAttribute("data-action"));
    }

    [Fact]
    public async Task A_token_is_shown_once_when_created_and_refused_once_revoked()
    {
        Accounts.Add("ci", Role.Reader, Password);
        var page = OpenAdmin();

        await page.Find("[data-testid=token-user]").ChangeAsync("ci");
        await page.Find("[data-testid=token-label]").InputAsync("design check");
        await page.Find("[data-testid=create-token-form]").SubmitAsync();

        var secret = Secret(page);
        Assert.Equal("ci", Accounts.Authenticate(secret)?.Name);
        var token = Accounts.Tokens("ci").Single();
        Assert.Equal("design check", token.Label);
        await page.Find($"tr[data-token='{token.Id}'] [data-testid=revoke]").ClickAsync(new());

        Assert.Null(Accounts.Authenticate(secret));
        Assert.Contains("revoked", page.Find($"tr[data-token='{token.Id}']").TextContent);
        Assert.Equal([AccountActions.TokenRevoked, AccountActions.TokenCreated],
            page.FindAll("[data-testid=account-changes] tbody tr").Take(2).Select(tr => tr.GetAttribute("data-action")));
    }

    [Fact]
    public async Task A_token_needs_a_user()
    {
        var page = OpenAdmin();

        await page.Find("[data-testid=create-token-form]").SubmitAsync();

        Assert.Contains("Choose the user", page.Find("[data-testid=tokens-error]").TextContent);
        Assert.Empty(Accounts.Tokens());
    }

    [Fact]
    public async Task A_circuit_whose_user_is_not_an_admin_changes_nothing()
    {
        Accounts.Add("hal", Role.Reader, Password);
        var page = OpenAdmin();
        Authorization.SetRoles(Roles.Author, Roles.Reader); // e.g. a crafted circuit message from an author's page

        await AddUserAsync(page, "intruder", Role.Admin, withLink: false);
        await page.Find("tr[data-user=hal] [data-testid=role]").ChangeAsync(nameof(Role.Admin));
        await page.Find("tr[data-user=hal] [data-testid=reset-password]").ClickAsync(new());
        await page.Find("[data-testid=token-user]").ChangeAsync("hal");
        await page.Find("[data-testid=create-token-form]").SubmitAsync();

        Assert.Null(Accounts.Find("intruder"));
        Assert.Equal(Role.Reader, Accounts.Find("hal")!.Role);
        Assert.Equal(SignInOutcome.SignedIn, Accounts.SignIn("hal", Password).Outcome);
        Assert.Empty(Accounts.Tokens());
        Assert.Contains(AdminActor.NotAnAdmin, page.Find("[data-testid=tokens-error]").TextContent);
    }
}

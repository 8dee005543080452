using Microsoft.Extensions.Time.Testing;
using Postmortems.Core.Accounts;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Accounts;

/// <summary>Sign-in links, the only-admin guard, and the record of who changed which user or token.</summary>
public sealed class AccountChangesTests : IDisposable
{
    private const string Password = "a long enough password";
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly IncidentStore _store;
    private readonly AccountStore _accounts;

    public AccountChangesTests()
    {
        _store = new IncidentStore(_data.Path, "account tests", _clock);
        _accounts = new AccountStore(_store, _clock);
    }

    public void Dispose()
    {
        _store.Dispose();
        _data.Dispose();
    }

    [Fact]
    public void Every_change_is_recorded_with_who_made_it_and_when_newest_first_and_never_a_secret()
    {
        _accounts.Add("root", Role.Admin, Password, "setup link");
        _clock.Advance(TimeSpan.FromMinutes(1));
        _accounts.Add("Bob", Role.Reader, Password, "root");
        _accounts.SetRole("bob", Role.Author, "root");
        _accounts.SetPassword("bob", "another long password", "root");
        var token = _accounts.CreateToken("bob", "nightly import", "root");
        _accounts.Revoke(token.Token.Id, "ops (command line)");
        var link = _accounts.CreateSignInLink("bob", "root");

        var (events, total) = _accounts.Events(0, 3);

        Assert.Equal(7, total);
        Assert.Equal([AccountActions.SignInLinkCreated, AccountActions.TokenRevoked, AccountActions.TokenCreated], events.Select(e => e.Action));
        Assert.Equal("ops (command line)", events[1].Actor);
        Assert.Equal("Bob", events[2].Subject);
        Assert.Equal($"{token.Token.Id} (nightly import)", events[2].Detail);
        var all = _accounts.Events(0, 10).Events;
        Assert.Equal(("root", "Bob", "reader to author"), (all[4].Actor, all[4].Subject, all[4].Detail));
        Assert.Equal(_clock.GetUtcNow(), all[0].At);
        Assert.Equal(("setup link", "as admin"), (all[^1].Actor, all[^1].Detail));
        Assert.DoesNotContain(all, e => e.Detail.Contains(token.Secret) || e.Detail.Contains(link.Code));
    }

    [Fact]
    public void A_sign_in_link_sets_the_password_once_lifts_a_lockout_and_only_the_newest_link_works()
    {
        _accounts.Add("carol", Role.Author, Password);
        for (var i = 0; i < AccountStore.MaxFailedSignIns; i++) _accounts.SignIn("carol", "wrong password!");
        var first = _accounts.CreateSignInLink("carol", "root");
        var second = _accounts.CreateSignInLink("carol", "root");

        Assert.Contains("not known", _accounts.CheckSignInLink(first.Code).Problem);
        Assert.Equal("carol", _accounts.CheckSignInLink(second.Code).Account?.Name);
        Assert.Throws<AccountException>(() => _accounts.UseSignInLink(second.Code, "short"));
        var account = _accounts.UseSignInLink(second.Code, "carol's own password");

        Assert.Equal("carol", account.Name);
        Assert.Equal(SignInOutcome.SignedIn, _accounts.SignIn("carol", "carol's own password").Outcome);
        Assert.Contains("already used", Assert.Throws<AccountException>(() => _accounts.UseSignInLink(second.Code, "yet another password")).Message);
        Assert.Equal(("carol", AccountActions.SignInLinkUsed), (_accounts.Events(0, 1).Events[0].Actor, _accounts.Events(0, 1).Events[0].Action));
    }

    [Fact]
    public void A_sign_in_link_expires()
    {
        _accounts.Add("dan", Role.Reader, Password);
        var link = _accounts.CreateSignInLink("dan");

        _clock.Advance(AccountStore.SignInLinkLifetime);

        Assert.Contains("expired", _accounts.CheckSignInLink(link.Code).Problem);
        Assert.Contains("not known", _accounts.CheckSignInLink("pm_made_up").Problem);
        Assert.Throws<AccountException>(() => _accounts.CreateSignInLink("nobody"));
    }

    [Fact]
    public void The_only_admin_cannot_be_made_something_else()
    {
        _accounts.Add("root", Role.Admin, Password);

        var refused = Assert.Throws<AccountException>(() => _accounts.SetRole("root", Role.Author, "root"));

        Assert.Contains("only admin", refused.Message);
        _accounts.Add("second", Role.Admin, Password);
        Assert.Equal(Role.Author, _accounts.SetRole("root", Role.Author, "second").Role);
    }
}

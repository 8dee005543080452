using Microsoft.Extensions.Time.Testing;
using Postmortems.Core.Accounts;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Core.Tests.Accounts;

public sealed class AccountStoreTests : IDisposable
{
    private const string Password = "a long enough password";
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly IncidentStore _store;
    private readonly AccountStore _accounts;

    public AccountStoreTests()
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
    public void A_password_is_kept_as_a_hash_and_names_are_unique_whatever_their_case()
    {
        var account = _accounts.Add("Alice", Role.Author, Password);

        Assert.DoesNotContain(Password, account.PasswordHash);
        Assert.StartsWith("AQAAAA", account.PasswordHash); // ASP.NET Core Identity's v3 format: PBKDF2 with a salt
        Assert.Equal("Alice", _accounts.Find("ALICE")!.Name);
        Assert.Throws<AccountException>(() => _accounts.Add("alice", Role.Reader, Password));
        Assert.Throws<AccountException>(() => _accounts.Add("../etc", Role.Reader, Password));
        Assert.Equal(SignInOutcome.SignedIn, _accounts.SignIn("alice", Password).Outcome);
        Assert.Equal(SignInOutcome.WrongNameOrPassword, _accounts.SignIn("nobody", Password).Outcome);
    }

    [Fact]
    public void The_fifth_wrong_password_locks_for_15_minutes_even_the_right_password_then_it_opens_again()
    {
        _accounts.Add("bob", Role.Reader, Password);

        var attempts = Enumerable.Range(1, 4).Select(_ => _accounts.SignIn("bob", "wrong").Outcome).ToList();
        var counted = _accounts.Find("bob")!.FailedSignIns;
        var fifth = _accounts.SignIn("bob", "wrong");
        _clock.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = _accounts.SignIn("bob", Password);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var open = _accounts.SignIn("bob", Password);

        Assert.All(attempts, outcome => Assert.Equal(SignInOutcome.WrongNameOrPassword, outcome));
        Assert.Equal(4, counted);
        Assert.Equal((SignInOutcome.LockedOut, _clock.GetUtcNow().AddMinutes(-15) + AccountStore.LockoutDuration), (fifth.Outcome, fifth.LockedUntil));
        Assert.Equal(SignInOutcome.LockedOut, stillLocked.Outcome);
        Assert.Equal(SignInOutcome.SignedIn, open.Outcome);
        Assert.Equal(0, _accounts.Find("bob")!.FailedSignIns);
    }

    [Fact]
    public void A_right_password_resets_the_count_of_wrong_ones()
    {
        _accounts.Add("carol", Role.Reader, Password);
        for (var i = 0; i < 4; i++) _accounts.SignIn("carol", "wrong");

        _accounts.SignIn("carol", Password);
        _accounts.SignIn("carol", "wrong");

        Assert.Equal(1, _accounts.Find("carol")!.FailedSignIns);
    }

    [Fact]
    public void A_token_is_stored_as_its_sha256_authenticates_its_user_records_its_use_and_stops_when_revoked()
    {
        _accounts.Add("ci", Role.Author, Password);
        var created = _accounts.CreateToken("ci", "pipeline");

        var stored = _accounts.Tokens().Single();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(created.Secret))), stored.SecretSha256);
        Assert.Null(stored.LastUsedAt);
        Assert.Equal("ci", _accounts.Authenticate(created.Secret)?.Id);
        Assert.Equal(_clock.GetUtcNow(), _accounts.Tokens().Single().LastUsedAt);
        Assert.Null(_accounts.Authenticate(created.Secret[..^1] + (created.Secret[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(_accounts.Authenticate("not-a-token"));

        Assert.True(_accounts.Revoke(created.Token.Id));
        Assert.Null(_accounts.Authenticate(created.Secret));
        Assert.Equal(_clock.GetUtcNow(), _accounts.Tokens().Single().RevokedAt);
        Assert.False(_accounts.Revoke("no-such-token"));
    }

    [Fact]
    public void Accounts_live_in_the_store_s_database_and_survive_reopening()
    {
        _accounts.Add("dana", Role.Admin, Password);
        var secret = _accounts.CreateToken("dana").Secret;
        _store.Dispose();

        using var reopened = new IncidentStore(_data.Path, "reopened", _clock);
        var accounts = new AccountStore(reopened, _clock);

        Assert.Equal(Role.Admin, accounts.Find("dana")!.Role);
        Assert.Equal("dana", accounts.Authenticate(secret)?.Id);
    }
}

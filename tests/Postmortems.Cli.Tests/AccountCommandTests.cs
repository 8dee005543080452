using System.Text;
using Postmortems.Core.Accounts;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Cli.Tests;

/// <summary><c>postmortems users</c> and <c>postmortems tokens</c>, on a data directory of their own.</summary>
public sealed class AccountCommandTests : IDisposable
{
    private const string Password = "a long enough password";
    private readonly TempDirectory _temp = new();
    private string Data => _temp.Combine("data");

    public void Dispose() => _temp.Dispose();

    private T WithAccounts<T>(Func<AccountStore, T> read)
    {
        using var store = new IncidentStore(Data, "the test");
        return read(new AccountStore(store));
    }

    [Fact]
    public void Users_add_with_a_password_on_stdin_then_list_shows_the_user_and_role()
    {
        var added = CliRunner.RunWithInput(Password + "\n", "--data", Data, "users", "add", "Alice", "--role", "author", "--password-stdin");
        var listed = CliRunner.Run("--data", Data, "users", "list");

        Assert.Equal(0, added.ExitCode);
        Assert.Contains("Created user Alice (author)", added.Output);
        Assert.DoesNotContain(Password, added.Output);
        Assert.Matches(@"(?m)^Alice\s+author\s+\d{4}-\d\d-\d\d \d\d:\d\d$", listed.Output);
        Assert.Equal(SignInOutcome.SignedIn, WithAccounts(a => a.SignIn("alice", Password).Outcome));
    }

    [Fact]
    public void Users_add_without_a_password_prints_a_generated_one_once_and_it_signs_in()
    {
        var added = CliRunner.Run("--data", Data, "users", "add", "root", "--role", "admin");

        Assert.Equal(0, added.ExitCode);
        var generated = Regex.Match(added.Output, @"Password \(shown only now; .*\): (\S+)").Groups[1].Value;
        Assert.True(generated.Length >= AccountStore.MinPasswordLength, added.Output);
        Assert.Equal(Role.Admin, WithAccounts(a => a.SignIn("root", generated).Account?.Role));
        Assert.DoesNotContain(generated, CliRunner.Run("--data", Data, "users", "list").Output);
    }

    [Fact]
    public void Changes_made_with_the_command_are_recorded_as_the_operating_system_user_for_the_admin_page()
    {
        CliRunner.Run("--data", Data, "users", "add", "root", "--role", "admin");
        CliRunner.Run("--data", Data, "tokens", "create", "root", "--label", "ci");

        var events = WithAccounts(a => a.Events(0, 10).Events);

        Assert.Equal([AccountActions.TokenCreated, AccountActions.UserAdded], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal($"{Environment.UserName} (command line)", e.Actor));
    }

    [Fact]
    public void Users_role_changes_the_role_and_bad_input_is_exit_2_with_what_to_do()
    {
        CliRunner.RunWithInput(Password, "--data", Data, "users", "add", "bob", "--role", "reader", "--password-stdin");

        var promoted = CliRunner.Run("--data", Data, "users", "role", "bob", "admin");
        var badRole = CliRunner.Run("--data", Data, "users", "role", "bob", "owner");
        var unknown = CliRunner.Run("--data", Data, "users", "role", "carol", "author");
        var taken = CliRunner.RunWithInput(Password, "--data", Data, "users", "add", "BOB", "--role", "author", "--password-stdin");
        var short_ = CliRunner.RunWithInput("short", "--data", Data, "users", "add", "dave", "--role", "author", "--password-stdin");

        Assert.Equal((0, "bob is now admin."), (promoted.ExitCode, promoted.Output.Trim()));
        Assert.Equal((2, "error: 'owner' is not a role: use one of reader|author|admin."), (badRole.ExitCode, badRole.Error.Trim()));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("There is no user 'carol'. `postmortems users list` shows the users.", unknown.Error);
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("There is already a user 'bob'", taken.Error);
        Assert.Equal(2, short_.ExitCode);
        Assert.Contains($"use at least {AccountStore.MinPasswordLength}", short_.Error);
        Assert.Equal(Role.Admin, WithAccounts(a => a.Find("bob")!.Role));
    }

    [Fact]
    public void Users_password_sets_a_new_password_and_lifts_a_lockout()
    {
        CliRunner.RunWithInput(Password, "--data", Data, "users", "add", "frank", "--role", "author", "--password-stdin");
        var locked = WithAccounts(a => Enumerable.Range(0, AccountStore.MaxFailedSignIns).Select(_ => a.SignIn("frank", "wrong")).ToList()[^1].Outcome);

        var reset = CliRunner.RunWithInput("a brand new password\n", "--data", Data, "users", "password", "frank", "--password-stdin");

        Assert.Equal(SignInOutcome.LockedOut, locked);
        Assert.Equal((0, "Set a new password for frank; any lockout is lifted."), (reset.ExitCode, reset.Output.Trim()));
        Assert.Equal(SignInOutcome.SignedIn, WithAccounts(a => a.SignIn("frank", "a brand new password").Outcome));
        Assert.Equal(SignInOutcome.WrongNameOrPassword, WithAccounts(a => a.SignIn("frank", Password).Outcome));
    }

    [Fact]
    public void Tokens_create_prints_only_the_token_which_list_never_shows_and_revoke_stops()
    {
        CliRunner.RunWithInput(Password, "--data", Data, "users", "add", "ci", "--role", "author", "--password-stdin");

        var created = CliRunner.Run("--data", Data, "tokens", "create", "ci", "--label", "design check");
        var secret = created.Output.Trim();
        var id = Regex.Match(created.Error, "Created token (\\w+) for ci \\(author\\)").Groups[1].Value;
        var listed = CliRunner.Run("--data", Data, "tokens", "list");

        Assert.Equal(0, created.ExitCode);
        Assert.Matches("^pm_[A-Za-z0-9_-]{43}$", secret);
        Assert.NotEmpty(id);
        Assert.Matches($@"(?m)^{id}\s+ci\s+design check\s+\d{{4}}-\d\d-\d\d \d\d:\d\d\s+never\s+active$", listed.Output);
        Assert.DoesNotContain(secret, listed.Output);
        Assert.Equal("ci", WithAccounts(a => a.Authenticate(secret)?.Id));

        var revoked = CliRunner.Run("--data", Data, "tokens", "revoke", id);
        var unknown = CliRunner.Run("--data", Data, "tokens", "revoke", "nope");

        Assert.Equal((0, $"Revoked token {id}."), (revoked.ExitCode, revoked.Output.Trim()));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("There is no token with id 'nope'", unknown.Error);
        Assert.Contains("revoked", CliRunner.Run("--data", Data, "tokens", "list").Output);
        Assert.Null(WithAccounts(a => a.Authenticate(secret)));
    }

    [Fact]
    public void Neither_passwords_nor_token_secrets_are_in_the_database_files()
    {
        CliRunner.RunWithInput(Password, "--data", Data, "users", "add", "eve", "--role", "admin", "--password-stdin");
        var secret = CliRunner.Run("--data", Data, "tokens", "create", "eve").Output.Trim();

        var files = Directory.GetFiles(Data, "*.db");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Password)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret[AccountStore.TokenPrefix.Length..])));
        }
        Assert.True(WithAccounts(a => a.Tokens().Single().SecretSha256.Length == 64));
    }

    [Fact]
    public void A_data_directory_held_by_the_app_is_refused_with_a_clear_message()
    {
        using var store = new IncidentStore(Data, "Postmortems web app");

        var result = CliRunner.Run("--data", Data, "users", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"The data directory {Path.GetFullPath(Data)} is in use by process {Environment.ProcessId}", result.Error);
        Assert.Contains("Postmortems web app", result.Error);
    }
}

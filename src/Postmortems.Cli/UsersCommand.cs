using System.CommandLine;
using System.Globalization;
using Postmortems.Core.Accounts;
using Postmortems.Core.Storage;

namespace Postmortems.Cli;

/// <summary><c>postmortems users</c>: local accounts, in the data directory's store (so not while the app holds it).</summary>
public static class UsersCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("users", "Local user accounts: add, list, change a role or a password.");
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(SetRole(context));
        command.Subcommands.Add(SetPassword(context));
        return command;
    }

    internal static Option<bool> PasswordStdin() => new("--password-stdin")
    {
        Description = "Read the password from the first line of standard input (otherwise a strong one is generated and printed once)",
    };

    internal static Argument<string> RoleArgument() => new("role") { Description = Roles.Choices };

    private static Command Add(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The user's name (letters, digits, '.', '_', '-', '@')" };
        var role = new Option<string>("--role") { Description = Roles.Choices, Required = true };
        var passwordStdin = PasswordStdin();
        var command = new Command("add", "Create a user with a role. Without --password-stdin, prints a generated password once.");
        command.Arguments.Add(name);
        command.Options.Add(role);
        command.Options.Add(passwordStdin);
        command.SetAction(result => context.Guard(() =>
        {
            var parsedRole = ParseRole(result.GetValue(role));
            var (password, generated) = Password(context, result, passwordStdin);
            using var store = Open(context, result, "postmortems users add");
            var account = new AccountStore(store).Add(result.GetValue(name)!, parsedRole, password, Actor);
            context.Output.WriteLine($"Created user {account.Name} ({account.Role.Name()}) in {store.DataDirectory}.");
            if (generated is not null)
                context.Output.WriteLine($"Password (shown only now; `postmortems users password {account.Name}` sets a new one): {generated}");
            return CliApp.Success;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the users, their roles, and any lockout.");
        command.SetAction(result => context.Guard(() =>
        {
            using var store = Open(context, result, "postmortems users list");
            var accounts = new AccountStore(store).List();
            if (accounts.Count == 0)
            {
                context.Output.WriteLine("No users yet. `postmortems users add NAME --role admin` creates the first one.");
                return CliApp.Success;
            }
            var width = Math.Max(4, accounts.Max(a => a.Name.Length));
            context.Output.WriteLine($"{"NAME".PadRight(width)}  ROLE    CREATED           LOCKED UNTIL");
            foreach (var account in accounts)
            {
                var locked = account.LockedUntil is { } until && until > DateTimeOffset.UtcNow ? Time(until) : "";
                context.Output.WriteLine($"{account.Name.PadRight(width)}  {account.Role.Name(),-6}  {Time(account.CreatedAt)}  {locked}".TrimEnd());
            }
            return CliApp.Success;
        }));
        return command;
    }

    private static Command SetRole(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The user" };
        var role = RoleArgument();
        var command = new Command("role", "Change a user's role (a signed-in user gets it at the next request).");
        command.Arguments.Add(name);
        command.Arguments.Add(role);
        command.SetAction(result => context.Guard(() =>
        {
            var parsedRole = ParseRole(result.GetValue(role));
            using var store = Open(context, result, "postmortems users role");
            var account = new AccountStore(store).SetRole(result.GetValue(name)!, parsedRole, Actor);
            context.Output.WriteLine($"{account.Name} is now {account.Role.Name()}.");
            return CliApp.Success;
        }));
        return command;
    }

    private static Command SetPassword(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The user" };
        var passwordStdin = PasswordStdin();
        var command = new Command("password", "Set a new password for a user, and lift a lockout. Without --password-stdin, prints a generated one once.");
        command.Arguments.Add(name);
        command.Options.Add(passwordStdin);
        command.SetAction(result => context.Guard(() =>
        {
            var (password, generated) = Password(context, result, passwordStdin);
            using var store = Open(context, result, "postmortems users password");
            var accounts = new AccountStore(store);
            var user = result.GetValue(name)!;
            accounts.SetPassword(user, password, Actor);
            context.Output.WriteLine($"Set a new password for {accounts.Find(user)!.Name}; any lockout is lifted.");
            if (generated is not null) context.Output.WriteLine($"Password (shown only now): {generated}");
            return CliApp.Success;
        }));
        return command;
    }

    /// <summary>Who a change made with the command is recorded as (the admin page shows it under "who changed what").</summary>
    internal static string Actor => $"{Environment.UserName} (command line)";

    internal static IncidentStore Open(CliContext context, ParseResult result, string purpose) => new(context.DataDirectory(result), purpose);

    internal static Role ParseRole(string? value) =>
        Roles.TryParse(value, out var role) ? role : throw new AccountException($"'{value}' is not a role: use one of {Roles.Choices}.");

    /// <summary>The password from standard input with --password-stdin, else a generated one (also returned as Generated, to print once).</summary>
    private static (string Password, string? Generated) Password(CliContext context, ParseResult result, Option<bool> passwordStdin)
    {
        if (result.GetValue(passwordStdin)) return (ReadPassword(context), null);
        var generated = AccountStore.GeneratePassword();
        return (generated, generated);
    }

    private static string ReadPassword(CliContext context) =>
        context.Input.ReadLine() is { Length: > 0 } line
            ? line.TrimEnd('\r')
            : throw new AccountException("--password-stdin read no password: pipe it in, e.g. `printf '%s\\n' \"$PASSWORD\" | postmortems users add ...`.");

    internal static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

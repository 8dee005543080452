using System.CommandLine;
using Postmortems.Core.Accounts;

namespace Postmortems.Cli;

/// <summary><c>postmortems tokens</c>: API tokens, sent as <c>Authorization: Bearer</c>, carrying their user's role.</summary>
public static class TokensCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("tokens", "API tokens: create (shown once), list (never the secret), revoke.");
        command.Subcommands.Add(CreateToken(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Revoke(context));
        return command;
    }

    private static Command CreateToken(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The user the token acts as (it has that user's role)" };
        var label = new Option<string?>("--label") { Description = "What the token is for, e.g. 'ci design check'" };
        var command = new Command("create",
            "Create a token for a user. Only the token goes to standard output (once: it is stored hashed), so `TOKEN=$(postmortems tokens create ci)` works.");
        command.Arguments.Add(name);
        command.Options.Add(label);
        command.SetAction(result => context.Guard(() =>
        {
            using var store = UsersCommand.Open(context, result, "postmortems tokens create");
            var accounts = new AccountStore(store);
            var created = accounts.CreateToken(result.GetValue(name)!, result.GetValue(label), UsersCommand.Actor);
            var account = accounts.Find(created.Token.UserId)!;
            context.Error.WriteLine(
                $"Created token {created.Token.Id} for {account.Name} ({account.Role.Name()}). It is shown only now; " +
                $"send it as `Authorization: Bearer <token>`. `postmortems tokens revoke {created.Token.Id}` revokes it.");
            context.Output.WriteLine(created.Secret);
            return CliApp.Success;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var user = new Option<string?>("--user") { Description = "Only this user's tokens" };
        var command = new Command("list", "List tokens, newest first: id, user, label, when created and last used, revoked or not. Never a secret.");
        command.Options.Add(user);
        command.SetAction(result => context.Guard(() =>
        {
            using var store = UsersCommand.Open(context, result, "postmortems tokens list");
            var tokens = new AccountStore(store).Tokens(result.GetValue(user));
            if (tokens.Count == 0)
            {
                context.Output.WriteLine("No tokens. `postmortems tokens create NAME` creates one.");
                return CliApp.Success;
            }
            var userWidth = Math.Max(4, tokens.Max(t => t.UserId.Length));
            var labelWidth = Math.Max(5, tokens.Max(t => t.Label.Length));
            context.Output.WriteLine($"{"ID",-12}  {"USER".PadRight(userWidth)}  {"LABEL".PadRight(labelWidth)}  CREATED           LAST USED         STATE");
            foreach (var token in tokens)
            {
                var lastUsed = token.LastUsedAt is { } used ? UsersCommand.Time(used) : "never";
                var state = token.RevokedAt is { } revoked ? $"revoked {UsersCommand.Time(revoked)}" : "active";
                context.Output.WriteLine(
                    $"{token.Id,-12}  {token.UserId.PadRight(userWidth)}  {token.Label.PadRight(labelWidth)}  {UsersCommand.Time(token.CreatedAt)}  {lastUsed,-16}  {state}");
            }
            return CliApp.Success;
        }));
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The token's id, from `postmortems tokens list`" };
        var command = new Command("revoke", "Revoke a token: the API refuses it from the next request on.");
        command.Arguments.Add(id);
        command.SetAction(result => context.Guard(() =>
        {
            using var store = UsersCommand.Open(context, result, "postmortems tokens revoke");
            var tokenId = result.GetValue(id)!;
            if (!new AccountStore(store).Revoke(tokenId, UsersCommand.Actor))
                throw new AccountException($"There is no token with id '{tokenId}'. `postmortems tokens list` shows the ids.");
            context.Output.WriteLine($"Revoked token {tokenId}.");
            return CliApp.Success;
        }));
        return command;
    }
}

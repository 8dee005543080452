using Postmortems.Core.Accounts;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Auth;

/// <summary>
/// Tells a newcomer how to start writing: while no account exists, the log at startup (and the sign-in page) says
/// exactly which command creates the first admin.
/// </summary>
public sealed partial class FirstAccount(AccountStore accounts, IncidentStore store, ILogger<FirstAccount> logger) : IHostedService
{
    public static string Command(string dataDirectory) =>
        $"dotnet run --project src/Postmortems.Cli -- --data \"{dataDirectory}\" users add admin --role admin";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (accounts.Count() == 0) LogNoAccount(Command(store.DataDirectory));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "No user account exists yet: anyone on this machine can read, nobody can write. To create the first admin, stop the app " +
        "and run: {Command} (it prints the password once), start the app again and sign in at /signin.")]
    private partial void LogNoAccount(string command);
}

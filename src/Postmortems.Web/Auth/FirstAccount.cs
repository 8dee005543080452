using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Postmortems.Core.Accounts;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Auth;

/// <summary>
/// How a newcomer starts writing. While no account exists, the app makes a one-time setup code and logs, once it
/// listens, a link to /setup that creates the first admin, and the command that does the same with the app stopped.
/// The link works until an account exists; only someone who can read the app's log has it.
/// </summary>
public sealed partial class FirstAccount(AccountStore accounts, IncidentStore store, IServer server, ILogger<FirstAccount> logger)
    : IHostedLifecycleService
{
    public const string SetupPath = "/setup";
    private readonly Lock _creating = new();

    /// <summary>The code the setup link carries; null once an account exists.</summary>
    public string? SetupCode { get; private set; }

    public bool Needed => accounts.Count() == 0;

    public static string Command(string dataDirectory) =>
        $"dotnet run --project src/Postmortems.Cli -- --data \"{dataDirectory}\" users add admin --role admin";

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (Needed) SetupCode = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return Task.CompletedTask;
    }

    /// <summary>Logged once the server listens, so the link names the address it really listens on.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (SetupCode is not { } code) return Task.CompletedTask;
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? "";
        LogNoAccount($"{address}{SetupPath}?code={code}", Command(store.DataDirectory));
        return Task.CompletedTask;
    }

    /// <summary>Creates the first admin when the code is this run's and no account exists yet; null otherwise.</summary>
    /// <exception cref="AccountException">The name or password is not acceptable.</exception>
    public Account? CreateFirstAdmin(string? code, string name, string password)
    {
        lock (_creating)
        {
            if (!IsValid(code) || !Needed) return null;
            var account = accounts.Add(name, Role.Admin, password, actor: "setup link");
            SetupCode = null;
            return account;
        }
    }

    public bool IsValid(string? code) =>
        SetupCode is { } expected && code is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(code));

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "No user account exists yet: nobody can write. Open {SetupLink} to create the first admin (the link works once), " +
        "or stop the app and run: {Command}")]
    private partial void LogNoAccount(string setupLink, string command);
}

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LiteDB;
using Microsoft.AspNetCore.Identity;
using Postmortems.Core.Storage;

namespace Postmortems.Core.Accounts;

/// <summary>
/// Local users and API tokens, in the incident store's database (one file, one owner process). Passwords are kept as
/// ASP.NET Core Identity hashes; tokens as the SHA-256 of their secret, which is shown once when created. Every change
/// to a user or a token is recorded with who made it and when (<see cref="Events"/>), whether the admin page or the
/// command made it: both call these same methods.
/// </summary>
public sealed partial class AccountStore
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MinPasswordLength = 12;
    public const string TokenPrefix = "pm_";

    // A token's last use is written at most this often, so that a busy API client does not write on every request.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    // Asked of the store at each use: it opens its file again after a write that a full disk broke, and goes on from
    // a salvaged copy when the file is found damaged. Writes go through the store's writer, one at a time.
    private readonly IncidentStore _store;
    private ILiteCollection<Account> _accounts => _store.Database.GetCollection<Account>("accounts");
    private ILiteCollection<ApiToken> _tokens => _store.Database.GetCollection<ApiToken>("tokens");
    private ILiteCollection<SignInLink> _links => _store.Database.GetCollection<SignInLink>("signin_links");
    private ILiteCollection<AccountEvent> _events => _store.Database.GetCollection<AccountEvent>("account_events");
    private readonly TimeProvider _clock;
    private readonly PasswordHasher<Account> _hasher = new();

    // Verified against when the name is unknown, so that an unknown name takes as long to refuse as a wrong password.
    private readonly Lazy<string> _unknownUserHash;

    public AccountStore(IncidentStore store, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _store = store;
        _store.MapStoredTypes(new Account(), new ApiToken(), new SignInLink(), new AccountEvent());
        _store.Write(() => _tokens.EnsureIndex(x => x.SecretSha256, unique: true));
        _store.Write(() => _tokens.EnsureIndex(x => x.UserId));
        _store.Write(() => _links.EnsureIndex(x => x.UserId));
        _store.Write(() => _events.EnsureIndex(x => x.At));
        _unknownUserHash = new(() => _hasher.HashPassword(new Account(), RandomNumberGenerator.GetHexString(32)));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex ValidName();

    public int Count() => _accounts.Count();

    public Account? Find(string name) => _accounts.FindById(name.Trim().ToLowerInvariant());

    public IReadOnlyList<Account> List() => _accounts.Query().OrderBy(x => x.Id).ToList();

    /// <summary>Creates a user; the password must be at least <see cref="MinPasswordLength"/> characters.</summary>
    /// <param name="actor">Who adds the user, for the record of changes.</param>
    /// <exception cref="AccountException">The name is malformed or taken, or the password too short.</exception>
    public Account Add(string name, Role role, string password, string? actor = null)
    {
        name = name.Trim();
        if (!ValidName().IsMatch(name))
            throw new AccountException($"'{name}' is not a valid user name: use 1 to 64 letters, digits, '.', '_', '-' or '@', starting with a letter or digit.");
        CheckPassword(password);
        var account = new Account { Id = name.ToLowerInvariant(), Name = name, Role = role, CreatedAt = _clock.GetUtcNow() };
        account.PasswordHash = _hasher.HashPassword(account, password);
        if (_accounts.Exists(x => x.Id == account.Id))
            throw new AccountException($"There is already a user '{Find(name)!.Name}'. `postmortems users role` changes a user's role.");
        _store.Write(() => _accounts.Insert(account.Id, account));
        Record(actor, AccountActions.UserAdded, account.Name, $"as {role.Name()}");
        return account;
    }

    /// <summary>A strong random password, for <c>users add</c> without one.</summary>
    public static string GeneratePassword() => Base64Url(RandomNumberGenerator.GetBytes(18));

    /// <exception cref="AccountException">No such user, or it would leave no admin.</exception>
    public Account SetRole(string name, Role role, string? actor = null)
    {
        var account = Find(name) ?? throw UnknownUser(name);
        if (account.Role == role) return account;
        if (account.Role == Role.Admin && _accounts.Count(x => x.Role == Role.Admin) == 1)
            throw new AccountException($"{account.Name} is the only admin: make another user an admin first, so that someone can still manage users.");
        var previous = account.Role;
        account.Role = role;
        _store.Write(() => _accounts.Update(account));
        Record(actor, AccountActions.RoleChanged, account.Name, $"{previous.Name()} to {role.Name()}");
        return account;
    }

    /// <summary>Sets a new password and lifts any lockout.</summary>
    public void SetPassword(string name, string password, string? actor = null)
    {
        var account = Find(name) ?? throw UnknownUser(name);
        ReplacePassword(account, password);
        Record(actor, AccountActions.PasswordReset, account.Name, "any lockout lifted");
    }

    private void ReplacePassword(Account account, string password)
    {
        CheckPassword(password);
        account.PasswordHash = _hasher.HashPassword(account, password);
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        _store.Write(() => _accounts.Update(account));
    }

    /// <summary>
    /// Checks a name and password. Every wrong password counts; the <see cref="MaxFailedSignIns"/>th locks the account
    /// for <see cref="LockoutDuration"/>, during which even the right password is refused.
    /// </summary>
    public SignInResult SignIn(string name, string password)
    {
        var account = string.IsNullOrWhiteSpace(name) ? null : Find(name);
        if (account is null)
        {
            _hasher.VerifyHashedPassword(new Account(), _unknownUserHash.Value, password);
            return new SignInResult(SignInOutcome.WrongNameOrPassword);
        }
        var now = _clock.GetUtcNow();
        if (account.LockedUntil is { } until && until > now) return new SignInResult(SignInOutcome.LockedOut, LockedUntil: until);

        var verified = _hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verified == PasswordVerificationResult.Failed)
        {
            account.FailedSignIns++;
            if (account.FailedSignIns >= MaxFailedSignIns)
            {
                account.FailedSignIns = 0;
                account.LockedUntil = now + LockoutDuration;
                _store.Write(() => _accounts.Update(account));
                return new SignInResult(SignInOutcome.LockedOut, LockedUntil: account.LockedUntil);
            }
            _store.Write(() => _accounts.Update(account));
            return new SignInResult(SignInOutcome.WrongNameOrPassword);
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded) account.PasswordHash = _hasher.HashPassword(account, password);
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        _store.Write(() => _accounts.Update(account));
        return new SignInResult(SignInOutcome.SignedIn, account);
    }

    /// <summary>Creates a token for a user; its secret is in the result and nowhere else.</summary>
    public NewToken CreateToken(string userName, string? label = null, string? actor = null)
    {
        var account = Find(userName) ?? throw UnknownUser(userName);
        var secret = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            Id = RandomNumberGenerator.GetHexString(12, lowercase: true),
            UserId = account.Id,
            Label = string.IsNullOrWhiteSpace(label) ? "" : label.Trim(),
            SecretSha256 = Sha256(secret),
            CreatedAt = _clock.GetUtcNow(),
        };
        _store.Write(() => _tokens.Insert(token.Id, token));
        Record(actor, AccountActions.TokenCreated, account.Name, token.Label.Length > 0 ? $"{token.Id} ({token.Label})" : token.Id);
        return new NewToken(token, secret);
    }

    /// <summary>Every token, newest first, optionally of one user; never with a secret, which is not stored.</summary>
    public IReadOnlyList<ApiToken> Tokens(string? userName = null)
    {
        var query = _tokens.Query();
        if (userName is not null) query = query.Where(x => x.UserId == userName.Trim().ToLowerInvariant());
        return query.OrderByDescending(x => x.CreatedAt).ToList();
    }

    /// <summary>Revokes a token by its id; false when there is no such token. A revoked token stays listed as revoked.</summary>
    public bool Revoke(string tokenId, string? actor = null)
    {
        var token = _tokens.FindById(tokenId.Trim());
        if (token is null) return false;
        if (token.Revoked) return true;
        token.RevokedAt = _clock.GetUtcNow();
        _store.Write(() => _tokens.Update(token));
        Record(actor, AccountActions.TokenRevoked, token.UserId, token.Label.Length > 0 ? $"{token.Id} ({token.Label})" : token.Id);
        return true;
    }

    /// <summary>The user a presented token secret belongs to, or null when it is unknown or revoked.</summary>
    public Account? Authenticate(string secret)
    {
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal)) return null;
        // A parameterised query, not a lambda: LiteDB compiles a lambda's captured values on every call (and parses a
        // query with its value written in every time), which cost more than the rest of an API request.
        var token = _tokens.FindOne("SecretSha256 = @0", new BsonValue(Sha256(secret)));
        if (token is null || token.Revoked) return null;
        var account = _accounts.FindById(token.UserId);
        if (account is null) return null;
        var now = _clock.GetUtcNow();
        if (token.LastUsedAt is not { } used || now - used >= LastUsedResolution)
        {
            token.LastUsedAt = now;
            try
            {
                _store.Write(() => _tokens.Update(token));
            }
            catch (DiskFullException)
            {
                // Bookkeeping, not knowledge: a full disk must not lock readers out. The next use records it.
            }
        }
        return account;
    }

    private static void CheckPassword(string password)
    {
        if (password.Length < MinPasswordLength)
            throw new AccountException($"The password is {password.Length} characters long; use at least {MinPasswordLength}.");
    }

    private static AccountException UnknownUser(string name) =>
        new($"There is no user '{name}'. `postmortems users list` shows the users.");

    private static string Sha256(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

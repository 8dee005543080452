using System.Security.Cryptography;
using LiteDB;

namespace Postmortems.Core.Accounts;

/// <summary>One-time sign-in links, and the record of every change to users and tokens.</summary>
public sealed partial class AccountStore
{
    /// <summary>How long a sign-in link works: long enough to reach a colleague over a weekend, short enough to go stale.</summary>
    public static readonly TimeSpan SignInLinkLifetime = TimeSpan.FromDays(3);

    /// <summary>
    /// Makes a one-time link with which the user chooses a new password and signs in (for a new colleague, or a
    /// forgotten password). Only the newest link of a user works: making one ends any earlier unused one.
    /// </summary>
    public NewSignInLink CreateSignInLink(string name, string? actor = null)
    {
        var account = Find(name) ?? throw UnknownUser(name);
        _store.Write(() => _links.DeleteMany(x => x.UserId == account.Id && x.UsedAt == null));
        var code = Base64Url(RandomNumberGenerator.GetBytes(24));
        var now = _clock.GetUtcNow();
        var link = new SignInLink { Id = Sha256(code), UserId = account.Id, CreatedAt = now, ExpiresAt = now + SignInLinkLifetime };
        _store.Write(() => _links.Insert(link.Id, link));
        Record(actor, AccountActions.SignInLinkCreated, account.Name, $"works once, until {link.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        return new NewSignInLink(code, link.ExpiresAt);
    }

    /// <summary>The user a sign-in link is for, while it is unused and unexpired; else why not, in words for that person.</summary>
    public (Account? Account, string? Problem) CheckSignInLink(string? code)
    {
        var link = string.IsNullOrEmpty(code) ? null : _links.FindById(Sha256(code));
        if (link is null) return (null, "This sign-in link is not known: it may be mistyped, or a newer link was made for you. Ask an admin for a new one.");
        if (link.UsedAt is not null) return (null, "This sign-in link was already used: it works once. Sign in with your password, or ask an admin for a new link.");
        if (link.ExpiresAt <= _clock.GetUtcNow()) return (null, "This sign-in link has expired. Ask an admin for a new one.");
        var account = _accounts.FindById(link.UserId);
        return account is null ? (null, "The user this link was for no longer exists.") : (account, null);
    }

    /// <summary>Sets the password the link's user chose, lifts any lockout, and uses the link up.</summary>
    /// <exception cref="AccountException">The link does not work (any more), or the password is too short.</exception>
    public Account UseSignInLink(string code, string password)
    {
        var (account, problem) = CheckSignInLink(code);
        if (account is null) throw new AccountException(problem!);
        ReplacePassword(account, password);
        var link = _links.FindById(Sha256(code));
        link.UsedAt = _clock.GetUtcNow();
        _store.Write(() => _links.Update(link));
        Record(account.Name, AccountActions.SignInLinkUsed, account.Name, "chose a password");
        return account;
    }

    /// <summary>Changes to users and tokens, newest first, and how many there are in all.</summary>
    public (IReadOnlyList<AccountEvent> Events, int Total) Events(int skip, int take) =>
        (_events.Query().OrderByDescending(x => x.Id).Skip(skip).Limit(take).ToList(), _events.Count());

    private void Record(string? actor, string action, string subject, string detail) =>
        _store.Write(() => _events.Insert(new AccountEvent
        {
            At = _clock.GetUtcNow(),
            Actor = string.IsNullOrWhiteSpace(actor) ? "unnamed" : actor.Trim(),
            Action = action,
            Subject = subject,
            Detail = detail,
        }));
}

using System.Collections;
using System.Reflection;
using LiteDB;

namespace Postmortems.Core.Storage;

/// <summary>
/// What is left of a LiteDB 5.0.21 transaction whose rollback failed (a full disk) must never be finalised: its
/// finaliser gives its pages back to a cache that no longer has them, fails LiteDB's own assertion
/// ("discarded page must be writable") on the finaliser thread, and so ends the process. The store drops such a
/// database whole (it reopens the file), so these transactions' pages are let go with it, unfinalised.
/// </summary>
internal static class BrokenTransactions
{
    private const BindingFlags Fields = BindingFlags.Instance | BindingFlags.NonPublic;

    /// <summary>Databases whose transactions could not be reached: kept alive, so their finalisers never run.</summary>
    private static readonly List<LiteDatabase> Unreachable = [];

    public static void Forget(LiteDatabase database)
    {
        var transactions = FieldOfType(FieldOfType(FieldOfType(database, "LiteEngine"), "TransactionMonitor"), "Dictionary`2") as IDictionary;
        if (transactions is null)
        {
            lock (Unreachable) Unreachable.Add(database);
            return;
        }
        foreach (var transaction in transactions.Values.Cast<object>().ToList()) GC.SuppressFinalize(transaction);
    }

    /// <summary>The value of the first private field whose value's type has this name (LiteDB's internals, 5.0.21).</summary>
    private static object? FieldOfType(object? owner, string typeName) =>
        owner?.GetType().GetFields(Fields).Select(f => f.GetValue(owner)).FirstOrDefault(v => v?.GetType().Name == typeName);
}

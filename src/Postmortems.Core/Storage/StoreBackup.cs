using LiteDB;

namespace Postmortems.Core.Storage;

/// <summary>A backup written: where, how many incidents, and the store generation it holds.</summary>
public sealed record BackupResult(string File, int Incidents, long Generation);

/// <summary>
/// Backups of a store while it is open and in use, and their restore into an empty data directory. A backup is a
/// fresh LiteDB file with every collection and index of the store (the search index is not copied: it is rebuilt
/// from the store at the next start).
/// </summary>
public static class StoreBackup
{
    private const int Attempts = 5;

    /// <summary>
    /// Copies every collection of the open store into a new file, reading inside one transaction. LiteDB gives each
    /// collection its own snapshot, taken when the transaction first reads it, so a save committed in between could
    /// reach some collections and not others; every save also writes the store's generation, read first: when it
    /// is the same after the copy, no save came in between, and the copy is consistent. Otherwise it is made again,
    /// and the last attempt runs on the store's writer thread, so saves wait for it to finish.
    /// </summary>
    /// <exception cref="IOException">The file exists (a backup never overwrites one), or the store kept changing.</exception>
    /// <exception cref="StoreDamagedException">A document of the store cannot be read: the store needs salvage, not a backup.</exception>
    public static BackupResult Write(IncidentStore store, string file)
    {
        if (store.Damage is { } damage) throw new StoreDamagedException(damage.Message);
        var target = Path.GetFullPath(file);
        if (File.Exists(target)) throw new IOException($"{target} already exists; a backup never overwrites a file. Give a new file name.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            File.Delete(partial);
            try
            {
                var copied = attempt < Attempts
                    ? CopyOnce(store.Database, partial)
                    : store.WhileNoWrites(() => CopyOnce(store.Database, partial));
                if (copied is not null)
                {
                    File.Move(partial, target);
                    return copied with { File = target };
                }
            }
            finally
            {
                File.Delete(partial);
            }
        }
        throw new IOException($"The store changed during each of {Attempts} attempts to copy it; try the backup again when fewer saves are being made.");
    }

    /// <summary>The copy, or null when a save came in between.</summary>
    private static BackupResult? CopyOnce(LiteDatabase source, string partial)
    {
        long before;
        int incidents;
        if (!source.BeginTrans()) throw new InvalidOperationException("A store transaction is already open on this thread");
        try
        {
            before = GenerationOf(source);
            using var copy = new LiteDatabase(new ConnectionString { Filename = partial, Connection = ConnectionType.Direct });
            var indexes = source.Execute("SELECT $ FROM $indexes").ToEnumerable().Select(i => i.AsDocument).ToList();
            foreach (var name in source.GetCollectionNames())
            {
                var target = copy.GetCollection(name);
                target.InsertBulk(Documents(source, name));
                foreach (var index in indexes.Where(i => i["collection"] == name && i["name"] != "_id"))
                    target.EnsureIndex(index["name"].AsString, BsonExpression.Create(index["expression"].AsString), index["unique"].AsBoolean);
            }
            incidents = copy.GetCollection(DamageTolerantReader.Incidents).Count();
            copy.Checkpoint();
        }
        finally
        {
            RollBack(source);
        }
        return GenerationOf(source) == before ? new BackupResult(partial, incidents, before) : null;
    }

    private static void RollBack(LiteDatabase source)
    {
        try
        {
            source.Rollback();
        }
        catch (Exception e) when (DamageTolerantReader.IsDamage(e))
        {
            // LiteDB closes a database that met a damaged page: there is nothing left to roll back, and the error
            // that says which page is the one thrown.
        }
    }

    private static IEnumerable<BsonDocument> Documents(LiteDatabase source, string collection)
    {
        using var documents = source.GetCollection(collection).FindAll().GetEnumerator();
        while (true)
        {
            try
            {
                if (!documents.MoveNext()) yield break;
            }
            catch (Exception e) when (DamageTolerantReader.IsDamage(e))
            {
                throw new StoreDamagedException($"The collection '{collection}' cannot be read to the end ({DamageTolerantReader.Describe(e)}): " +
                                                $"the store is damaged and cannot be backed up as it is. {StoreDamagedException.Fix}", e);
            }
            yield return documents.Current;
        }
    }

    private static long GenerationOf(LiteDatabase database) => database.GetCollection("meta").FindById("generation")?["value"].AsInt64 ?? 0;

    /// <summary>
    /// Restores a backup into a data directory that is missing or empty (nothing there is ever overwritten). The search
    /// index is rebuilt from it at the next start. Returns how many incidents it holds.
    /// </summary>
    /// <exception cref="IOException">The directory is not empty, or the file is not a readable store.</exception>
    public static int Restore(string backupFile, string dataDirectory)
    {
        var source = Path.GetFullPath(backupFile);
        var directory = Path.GetFullPath(dataDirectory);
        if (!File.Exists(source)) throw new FileNotFoundException($"{source}: no such backup file", source);
        RefuseNonEmpty(directory);

        int incidents;
        try
        {
            using var reader = new DamageTolerantReader(source);
            if (!reader.CollectionNames().Contains(DamageTolerantReader.Incidents))
                throw new InvalidDataException($"{source} is a LiteDB file but not a postmortems store (it has no incidents); nothing was restored.");
            incidents = reader.Ids(DamageTolerantReader.Incidents).Count;
        }
        catch (StoreDamagedException e)
        {
            throw new InvalidDataException($"{source} is not a readable postmortems backup ({e.Message}); nothing was restored.", e);
        }

        using var @lock = DataDirectoryLock.Acquire(directory, "postmortems restore");
        var target = Path.Combine(directory, IncidentStore.DatabaseFileName);
        var partial = target + ".partial";
        File.Copy(source, partial, overwrite: true);
        File.Move(partial, target);
        return incidents;
    }

    private static void RefuseNonEmpty(string directory)
    {
        if (!Directory.Exists(directory)) return;
        var entries = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        if (entries.Count == 0) return;
        var shown = string.Join(", ", entries.Take(3)) + (entries.Count > 3 ? $" and {entries.Count - 3} more" : "");
        throw new IOException(
            $"The data directory {directory} is not empty ({shown}); restore writes only into an empty one, so that nothing is overwritten. " +
            "Restore into a new directory (--data DIR), or move this one aside first.");
    }
}

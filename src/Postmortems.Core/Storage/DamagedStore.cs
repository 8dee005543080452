using LiteDB;

namespace Postmortems.Core.Storage;

/// <summary>
/// A store whose database file is damaged stays up, read-only: what can still be read is copied, one record at a
/// time, into a file of its own (in the temp folder), and the store reads that copy. Readable incidents are served,
/// a damaged one answers <see cref="StoreDamagedException"/>, and every write <see cref="StoreReadOnlyException"/>,
/// each message naming the fix. Nothing is written to the damaged file, so verify and salvage see it as it was.
/// </summary>
public sealed partial class IncidentStore
{
    private readonly System.Threading.Lock _damageLock = new();
    private string? _salvagedCopy;

    /// <summary>Why the store is read-only, or null while its file is sound (as far as it was read).</summary>
    public StoreDamage? Damage { get; private set; }

    /// <summary>
    /// Makes the store read-only on a copy of what can still be read, after a read met a damaged page (LiteDB closes a
    /// database when that happens, so every later read would fail too). Returns false when it already was read-only.
    /// </summary>
    public bool EnterReadOnly(Exception cause)
    {
        lock (_damageLock)
        {
            if (Damage is not null) return false;
            Attach(OpenSalvaged(cause));
            return true;
        }
    }

    /// <summary>
    /// Given an error met while reading, makes the store read-only when the error shows the file is damaged: the
    /// database no longer answers (LiteDB closed it over a damaged page), or it read a text that is not UTF-8.
    /// Returns true when the store is read-only because of damage (now or before).
    /// </summary>
    public bool EnterReadOnlyIfDamaged(Exception error)
    {
        if (Damage is not null) return true;
        if (!DamageTolerantReader.IsDamage(error)) return false;
        if (error is System.Text.DecoderFallbackException || !StillAnswers()) return EnterReadOnly(error) || Damage is not null;
        return false;
    }

    private bool StillAnswers()
    {
        try
        {
            _meta.FindById(GenerationKey);
            return true;
        }
        catch (Exception e) when (DamageTolerantReader.IsDamage(e))
        {
            return false;
        }
    }

    private void ThrowIfReadOnly()
    {
        if (Damage is { } damage) throw new StoreReadOnlyException(damage.Message);
    }

    private LiteDatabase OpenSalvaged(Exception cause)
    {
        try
        {
            // Null while the constructor is still opening it.
            _database?.Dispose();
        }
        catch (Exception e) when (DamageTolerantReader.IsDamage(e))
        {
            // A database closed by its own damage can fail to close again; the copy is what matters now.
        }
        _salvagedCopy = Path.Combine(Path.GetTempPath(), $"postmortems-readonly-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        var unreadable = SalvagedCopy.Write(Path.Combine(DataDirectory, DatabaseFileName), _salvagedCopy);
        Damage = new StoreDamage(DataDirectory, cause, unreadable);
        return new LiteDatabase(new ConnectionString { Filename = _salvagedCopy, Connection = ConnectionType.Direct }, _mapper);
    }

    private void DeleteSalvagedCopy()
    {
        if (_salvagedCopy is null) return;
        File.Delete(_salvagedCopy);
        File.Delete(Path.ChangeExtension(_salvagedCopy, null) + "-log.db");
    }
}

/// <summary>What is wrong with a damaged store, and what it means for each incident.</summary>
public sealed class StoreDamage(string dataDirectory, Exception cause, IReadOnlyList<DamagedDocument> unreadable)
{
    private readonly Dictionary<string, DamagedDocument> _incidents = unreadable
        .Where(d => d.Collection == DamageTolerantReader.Incidents && d.Id is not null)
        .ToDictionary(d => d.Id!, StringComparer.Ordinal);

    /// <summary>Every record that could not be read (its collection, its id, why).</summary>
    public IReadOnlyList<DamagedDocument> Unreadable { get; } = unreadable;

    public string Message { get; } =
        $"The store's database in {dataDirectory} is damaged ({DamageTolerantReader.Describe(cause)}), so the app serves it read-only: " +
        (unreadable.Count == 0 ? "every record could still be read. " : $"{unreadable.Count} record(s) cannot be read ({string.Join("; ", unreadable.Take(5))}{(unreadable.Count > 5 ? "; ..." : "")}). ") +
        "Writes are refused until it is repaired. Stop the app, then: " + StoreDamagedException.Fix;

    /// <summary>The error for an incident that could not be read, or null when it can be.</summary>
    public StoreDamagedException? ErrorFor(string id) =>
        _incidents.TryGetValue(id, out var damaged)
            ? new StoreDamagedException($"The incident {id} cannot be read: it is on a damaged page of the store's database ({damaged.Problem}). {StoreDamagedException.Fix}")
            : null;
}

/// <summary>A write refused because the store is damaged and served read-only; the message says why and what to do.</summary>
public sealed class StoreReadOnlyException(string message) : IOException(message);

/// <summary>The copy of a damaged database that a read-only store serves: every record that can still be read.</summary>
internal static class SalvagedCopy
{
    /// <summary>Copies what can be read; returns what could not be (the whole file, when not even its header can be).</summary>
    public static IReadOnlyList<DamagedDocument> Write(string damagedFile, string copyFile)
    {
        using var copy = new LiteDatabase(new ConnectionString { Filename = copyFile, Connection = ConnectionType.Direct });
        if (!File.Exists(damagedFile)) return [];
        DamageTolerantReader reader;
        try
        {
            reader = new DamageTolerantReader(damagedFile);
        }
        catch (StoreDamagedException e)
        {
            return [new DamagedDocument(Path.GetFileName(damagedFile), null, e.Message)];
        }
        using (reader)
        {
            var unreadable = new List<DamagedDocument>();
            IReadOnlyList<string> collections;
            try
            {
                collections = reader.CollectionNames();
            }
            catch (StoreDamagedException e)
            {
                return [new DamagedDocument(Path.GetFileName(damagedFile), null, e.Message)];
            }
            copy.BeginTrans();
            foreach (var collection in collections)
            {
                IReadOnlyList<BsonValue> ids;
                try
                {
                    ids = reader.Ids(collection);
                }
                catch (StoreDamagedException e)
                {
                    unreadable.Add(new DamagedDocument(collection, null, e.Message));
                    continue;
                }
                var target = copy.GetCollection(collection);
                foreach (var id in ids)
                {
                    var (document, error) = reader.Read(collection, id);
                    if (document is not null) target.Insert(document);
                    else unreadable.Add(new DamagedDocument(collection, id.IsString ? id.AsString : id.ToString(), error ?? "not found"));
                }
            }
            copy.Commit();
            return unreadable;
        }
    }
}

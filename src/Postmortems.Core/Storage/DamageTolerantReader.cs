using LiteDB;

namespace Postmortems.Core.Storage;

/// <summary>
/// Reads a store's database file one document at a time, for <c>verify</c>, <c>export --salvage</c> and a damaged
/// store: a read that fails is reported with its reason, and the file is opened again, because LiteDB can leave an
/// instance unusable after it met a damaged page (every read after it then fails too). One damaged page so costs
/// only the documents on it. The file is opened read-only; the caller holds the data directory (or is the process
/// that does).
/// </summary>
public sealed class DamageTolerantReader : IDisposable
{
    public const string Incidents = "incidents";

    private readonly string _file;
    private readonly BsonMapper _mapper = IncidentStore.CreateMapper();
    private LiteDatabase _database;

    /// <exception cref="StoreDamagedException">The file cannot even be opened (its header is damaged).</exception>
    public DamageTolerantReader(string databaseFile)
    {
        _file = Path.GetFullPath(databaseFile);
        if (!File.Exists(_file)) throw new FileNotFoundException($"{_file}: no such database file", _file);
        _database = Attempt(Open, "the database file cannot be opened");
    }

    private LiteDatabase Open() => new(new ConnectionString { Filename = _file, Connection = ConnectionType.Direct, ReadOnly = true }, _mapper);

    /// <exception cref="StoreDamagedException">The list of collections cannot be read.</exception>
    public IReadOnlyList<string> CollectionNames() =>
        Attempt(() => _database.GetCollectionNames().Order(StringComparer.Ordinal).ToList(), "the list of collections cannot be read");

    /// <summary>Every document's id, read from the collection's primary index alone (not from its documents' pages).</summary>
    /// <exception cref="StoreDamagedException">The index cannot be read.</exception>
    public IReadOnlyList<BsonValue> Ids(string collection) =>
        Attempt(() => _database.GetCollection(collection).Query().Select("_id").ToDocuments().Select(d => d["_id"]).ToList(),
            $"the index of the collection '{collection}' cannot be read");

    /// <summary>One document, or the reason it cannot be read.</summary>
    public (BsonDocument? Document, string? Error) Read(string collection, BsonValue id)
    {
        try
        {
            return (_database.GetCollection(collection).FindById(id), null);
        }
        catch (Exception e) when (IsDamage(e))
        {
            Reopen();
            return (null, Describe(e));
        }
    }

    /// <summary>One incident, or the reason it cannot be read (its page is damaged, or its fields no longer make sense).</summary>
    public (StoredIncident? Incident, string? Error) ReadIncident(string id)
    {
        var (document, error) = Read(Incidents, id);
        if (document is null) return (null, error ?? "not found");
        try
        {
            return (_mapper.ToObject<StoredIncident>(document), null);
        }
        catch (Exception e) when (IsDamage(e))
        {
            return (null, Describe(e));
        }
    }

    /// <summary>
    /// What a damaged file throws: LiteDB's own errors, and the ones its reader meets in garbage (a string that is
    /// not UTF-8, a date out of range, a length past the page). Not a bug of ours to hide: the file is the problem.
    /// </summary>
    public static bool IsDamage(Exception e) =>
        e is LiteException or System.Text.DecoderFallbackException or ArgumentException or InvalidCastException
            or IndexOutOfRangeException or InvalidOperationException or ObjectDisposedException or FormatException or OverflowException;

    public static string Describe(Exception e) => e.Message;

    private T Attempt<T>(Func<T> read, string what)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (IsDamage(e) || e is IOException or NotSupportedException)
        {
            throw new StoreDamagedException($"{_file}: {what} ({Describe(e)})", e);
        }
    }

    private void Reopen()
    {
        try
        {
            _database.Dispose();
        }
        catch (Exception e) when (IsDamage(e))
        {
            // Closing a database that met damage can fail too; the new instance is what matters.
        }
        _database = Attempt(Open, "the database file cannot be opened again");
    }

    public void Dispose() => _database.Dispose();
}

/// <summary>The store's database file is damaged where it was read; the message names what could not be read.</summary>
public sealed class StoreDamagedException(string message, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>What to do about a damaged store, for every message that reports one.</summary>
    public const string Fix =
        "Run `postmortems verify` (with the app stopped) to list what is damaged, `postmortems export DIR --salvage` to save every " +
        "incident that can still be read, and `postmortems restore FILE` to restore the last backup into an empty data directory.";
}

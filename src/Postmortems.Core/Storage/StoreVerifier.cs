namespace Postmortems.Core.Storage;

/// <param name="Collection">The collection the document is in (incidents, revisions, originals, accounts, ...).</param>
/// <param name="Id">The document's id, or null when the damage is the collection's own (its index).</param>
public sealed record DamagedDocument(string Collection, string? Id, string Problem)
{
    public override string ToString() => Id is null ? $"{Collection}: {Problem}" : $"{Collection}/{Id}: {Problem}";
}

/// <param name="Incidents">Incidents read and checked.</param>
/// <param name="Documents">Documents read in every collection, incidents included.</param>
/// <param name="WithoutChecksum">Incidents saved before checksums were kept: readable, but their text cannot be checked.</param>
public sealed record VerifyReport(int Incidents, int Documents, int WithoutChecksum, IReadOnlyList<DamagedDocument> Damaged)
{
    public bool Clean => Damaged.Count == 0;
}

/// <summary>
/// Checks a store's database file: every document of every collection is read through its collection's index, and
/// every incident's text is checked against the SHA-256 saved with it.
/// </summary>
public static class StoreVerifier
{
    /// <exception cref="StoreDamagedException">The file cannot be opened, or its list of collections cannot be read.</exception>
    public static VerifyReport Verify(string databaseFile, IProgress<FileProgress>? progress = null)
    {
        using var reader = new DamageTolerantReader(databaseFile);
        var damaged = new List<DamagedDocument>();
        int incidents = 0, documents = 0, withoutChecksum = 0;
        foreach (var collection in reader.CollectionNames())
        {
            IReadOnlyList<LiteDB.BsonValue> ids;
            try
            {
                ids = reader.Ids(collection);
            }
            catch (StoreDamagedException e)
            {
                damaged.Add(new DamagedDocument(collection, null, $"its index cannot be read, so none of its documents can be listed ({e.InnerException?.Message})"));
                continue;
            }
            foreach (var id in ids)
            {
                documents++;
                var key = id.IsString ? id.AsString : id.ToString();
                progress?.Report(new FileProgress(documents, 0, $"{collection}/{key}"));
                if (collection != DamageTolerantReader.Incidents)
                {
                    if (reader.Read(collection, id).Error is { } error) damaged.Add(new DamagedDocument(collection, key, error));
                    continue;
                }
                incidents++;
                var (incident, problem) = reader.ReadIncident(key);
                if (incident is null) damaged.Add(new DamagedDocument(collection, key, problem!));
                else if (incident.Sha256 is null) withoutChecksum++;
                else if (ChecksumProblem(incident) is { } mismatch) damaged.Add(new DamagedDocument(collection, key, mismatch));
            }
        }
        return new VerifyReport(incidents, documents, withoutChecksum, damaged);
    }

    /// <summary>Why an incident's text is not the one saved, or null when its checksum matches (or it has none).</summary>
    public static string? ChecksumProblem(StoredIncident incident) =>
        incident.Sha256 is { } stored && IncidentChecksum.Of(incident.Markdown) is var actual && actual != stored
            ? $"its text does not match the checksum saved with it (saved {stored[..12]}..., now {actual[..12]}...): it was changed outside the app or damaged on disk"
            : null;
}

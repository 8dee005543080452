using Postmortems.Core.Storage;

namespace Postmortems.Core.Retro;

/// <summary>
/// The catalog kept in a file beside the store between runs: reading 100,000 digests from LiteDB took five seconds at
/// start, reading this file a fraction of one. It holds the store's generation it was taken at and is used only when
/// the store is still at that generation, so a change saved since (or a crash before it was written again) means
/// the digests are read as before.
/// </summary>
public sealed partial class IncidentCatalog
{
    public const string SnapshotFileName = "catalog.bin";
    private const string Magic = "postmortems-catalog-2";

    private string SnapshotPath => Path.Combine(_store.DataDirectory, SnapshotFileName);

    /// <summary>
    /// Writes the catalog as it is now, with the generation it matches. Both are read while no write runs (and each
    /// save's catalog change is made before its write ends), so the two always agree.
    /// </summary>
    public void SaveSnapshot()
    {
        if (!_loaded || !_store.ReportsReady) return;
        var (generation, incidents) = _store.WhileNoWrites(() => (_store.Generation, _incidents.Values.ToArray()));
        var temporary = SnapshotPath + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(Magic);
            writer.Write(generation);
            writer.Write(incidents.Length);
            foreach (var i in incidents) Write(writer, i);
        }
        File.Move(temporary, SnapshotPath, overwrite: true);
    }

    /// <summary>A data directory that cannot be written to only costs the next start its speed.</summary>
    public bool TrySaveSnapshot()
    {
        try
        {
            SaveSnapshot();
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The snapshot's incidents when it matches the store's generation; null when there is none, it is stale or unreadable.</summary>
    private IReadOnlyList<CatalogIncident>? ReadSnapshot()
    {
        if (!_store.ReportsReady || !File.Exists(SnapshotPath)) return null;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(SnapshotPath));
            if (reader.ReadString() != Magic || reader.ReadInt64() != _store.Generation) return null;
            var incidents = new CatalogIncident[reader.ReadInt32()];
            for (var n = 0; n < incidents.Length; n++) incidents[n] = Read(reader);
            return incidents;
        }
        catch (Exception error) when (error is IOException or EndOfStreamException or FormatException or UnauthorizedAccessException)
        {
            // A file cut short or from another version: the digests are read instead.
            return null;
        }
    }

    private static void Write(BinaryWriter writer, CatalogIncident i)
    {
        writer.Write(i.Id);
        writer.Write(i.Date?.UtcTicks ?? -1);
        writer.Write(i.Status);
        writer.Write(i.Revision);
        writer.Write(i.Kind);
        Write(writer, i.Teams);
        Write(writer, i.Gaps);
        Write(writer, i.CaughtBy);
        writer.Write(i.Title);
        writer.Write(i.Severity ?? "");
        Write(writer, i.Services);
        Write(writer, i.Differences);
        writer.Write(i.RecurrenceOf ?? "");
        writer.Write(i.Items.Count);
        foreach (var item in i.Items)
        {
            writer.Write(item.Line);
            writer.Write(item.Done);
            writer.Write(item.Owner ?? "");
            writer.Write(item.Due?.DayNumber ?? -1);
            writer.Write(item.Gap ?? "");
            writer.Write(item.Text);
        }
    }

    private static void Write(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values) writer.Write(value);
    }

    private CatalogIncident Read(BinaryReader reader)
    {
        var id = reader.ReadString();
        var ticks = reader.ReadInt64();
        var status = Intern(reader.ReadString())!;
        var revision = reader.ReadInt32();
        var kind = Intern(reader.ReadString())!;
        var teams = ReadStrings(reader);
        var gaps = ReadStrings(reader);
        var caughtBy = ReadStrings(reader);
        var title = reader.ReadString();
        var severity = reader.ReadString();
        var services = ReadStrings(reader);
        var differences = ReadStrings(reader);
        var recurrenceOf = reader.ReadString();
        var items = new CatalogItem[reader.ReadInt32()];
        for (var n = 0; n < items.Length; n++)
        {
            var line = reader.ReadInt32();
            var done = reader.ReadBoolean();
            var owner = reader.ReadString();
            var due = reader.ReadInt32();
            var gap = reader.ReadString();
            var text = reader.ReadString();
            items[n] = new CatalogItem(line, done, owner.Length == 0 ? null : Intern(owner), due < 0 ? null : DateOnly.FromDayNumber(due), gap.Length == 0 ? null : Intern(gap), text);
        }
        return new CatalogIncident(id, ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero), status, revision, kind, teams, gaps, caughtBy, items)
        {
            Title = title,
            Severity = severity.Length == 0 ? null : Intern(severity),
            Services = services,
            Differences = differences,
            RecurrenceOf = recurrenceOf.Length == 0 ? null : recurrenceOf,
        };
    }

    private string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[reader.ReadInt32()];
        for (var n = 0; n < values.Length; n++) values[n] = Intern(reader.ReadString())!;
        return values;
    }
}

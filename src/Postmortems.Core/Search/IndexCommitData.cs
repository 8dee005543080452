using System.Globalization;
using Postmortems.Core.Taxonomy;

namespace Postmortems.Core.Search;

/// <summary>What each commit of the index records about itself: the schema version, the store generation it holds and the taxonomy it was written with.</summary>
public static class IndexCommitData
{
    public const string SchemaKey = "schema";
    public const string GenerationKey = "generation";
    public const string TaxonomyKey = "taxonomy";

    public static Dictionary<string, string> For(long generation, GapTaxonomy? taxonomy) => new()
    {
        [SchemaKey] = SearchFields.SchemaVersion.ToString(CultureInfo.InvariantCulture),
        [GenerationKey] = generation.ToString(CultureInfo.InvariantCulture),
        [TaxonomyKey] = TaxonomyFingerprint(taxonomy),
    };

    /// <summary>The store generation a commit records, or -1 when it records none.</summary>
    public static long Generation(IDictionary<string, string> data) =>
        data.TryGetValue(GenerationKey, out var value) && long.TryParse(value, CultureInfo.InvariantCulture, out var generation) ? generation : -1;

    /// <summary>
    /// The gap ids and their aliases: incidents are indexed under a renamed gap's current id, so an index written with
    /// another taxonomy is stale.
    /// </summary>
    public static string TaxonomyFingerprint(GapTaxonomy? taxonomy) =>
        taxonomy is null ? "none" : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', taxonomy.Gaps.OrderBy(g => g.Id, StringComparer.Ordinal).Select(g => $"{g.Id}:{string.Join(',', g.Aliases.Order(StringComparer.Ordinal))}")))))[..16];
}

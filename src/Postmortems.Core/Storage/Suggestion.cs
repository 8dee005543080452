namespace Postmortems.Core.Storage;

public static class SuggestionKind
{
    public const string Gap = "gap";
    public const string Difference = "difference";
}

/// <summary>A gap or difference the text suggests, with the phrases that suggested it; a person confirms it or not.</summary>
public sealed class Suggestion
{
    public string Kind { get; set; } = "";
    public string Id { get; set; } = "";
    public List<string> Phrases { get; set; } = [];

    /// <summary>Ids of similar incidents, already reviewed, that name this gap.</summary>
    public List<string> SimilarIncidents { get; set; } = [];

    public double Score { get; set; }
}

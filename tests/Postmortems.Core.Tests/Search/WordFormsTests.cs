using Postmortems.Core.Search;

namespace Postmortems.Core.Tests.Search;

/// <summary>Forms of one word that the Porter stemmer leaves apart are one term, in the text and in the query.</summary>
public sealed class WordFormsTests : IDisposable
{
    private readonly SearchIndex _index = SearchIndex.InMemory();

    public WordFormsTests()
    {
        _index.Replace(
        [
            Doc("automation", "The cluster automation never promoted a replica after the primary's disk failure"),
            Doc("ran-out", "The build hosts ran out of disk and the deploy broke"),
            Doc("data-loss", "Six hours of data loss after a bad restore"),
            Doc("other", "A certificate expired on the billing host"),
        ], generation: 1);
    }

    public void Dispose() => _index.Dispose();

    private static SearchDocument Doc(string id, string summary) =>
        new() { Id = id, Title = id, Summary = summary, Date = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) };

    [Fact]
    public void Irregular_past_forms_and_the_nouns_the_stemmer_cuts_apart_are_analysed_as_their_word()
    {
        using var analyzer = IncidentAnalyzers.CreateQueryAnalyzer();

        Assert.Equal(["run", "break", "take", "lose", "fail", "recov", "autom", "lose"],
            IncidentAnalyzers.Terms(analyzer, SearchFields.Summary, "ran broken took lost failures recovery automatic losses"));
        Assert.Equal(["fail", "recov", "autom"], IncidentAnalyzers.Terms(analyzer, SearchFields.Summary, "failed recovering automated"));
    }

    [Theory]
    [InlineData("automatic promotion failed", "automation", "automatic")]
    [InlineData("automatic promotion failed", "automation", "failed")]
    [InlineData("build hosts running", "ran-out", "running")]
    [InlineData("deploy breaks", "ran-out", "breaks")]
    [InlineData("data lost", "data-loss", "lost")]
    public void A_query_finds_the_incident_that_says_it_in_another_form(string query, string expected, string word)
    {
        var result = _index.Search(new SearchRequest(query));

        Assert.Equal(expected, result.Hits[0].Id);
        Assert.Contains(word, result.Hits[0].Matched.Select(m => m.Word));
        Assert.False(result.Hits[0].Partial, $"'{query}' should match {expected} well");
    }
}

using Postmortems.Core.Search;

namespace Postmortems.Core.Tests.Search;

/// <summary>Which field a section's text goes to is what Format's section names say the heading is.</summary>
public class SearchDocumentTests
{
    private static SearchDocument Read(string heading) =>
        SearchDocument.FromMarkdown("x", $"# A title\n\n## {heading}\n\nThe pool ran dry.\n");

    [Theory]
    [InlineData("Contributing Factors (findings)")]
    [InlineData("What went wrong")]
    [InlineData("2. Root cause:")]
    public void A_heading_format_reads_as_the_root_cause_is_indexed_as_the_cause(string heading) =>
        Assert.Equal("The pool ran dry.", Read(heading).Cause);

    [Theory]
    [InlineData("Why it wasn't caught")]
    [InlineData("How it got through")]
    public void A_heading_format_reads_as_how_it_got_through_is_indexed_as_such(string heading) =>
        Assert.Equal("The pool ran dry.", Read(heading).Through);

    [Fact]
    public void Any_other_heading_is_body_text_under_its_own_name() =>
        Assert.Equal(new SearchSection("Stats", "The pool ran dry."), Assert.Single(Read("Stats").Body));
}

using Postmortems.Core.Format;

namespace Postmortems.Core.Tests;

public class EditDistanceTests
{
    [Theory]
    [InlineData("kubernetes", "kubernetes", 0)]
    [InlineData("kubernets", "kubernetes", 1)]
    [InlineData("teh", "the", 1)]
    [InlineData("load-testng", "load-testing", 1)]
    [InlineData("", "abc", 3)]
    public void Counts_inserts_deletes_substitutions_and_swaps_of_neighbours_as_one_edit_each(string a, string b, int expected) =>
        Assert.Equal(expected, EditDistance.Between(a, b));

    [Fact]
    public void Gives_up_past_the_limit() => Assert.Equal(3, EditDistance.Between("postgres", "kubernetes", max: 2));

    [Theory]
    [InlineData("Load-Testng", "load-testing")]
    [InlineData("scal", "scale")]
    [InlineData("completely-unrelated-words", null)]
    public void The_nearest_known_value_is_the_one_a_typo_meant_or_none(string value, string? expected) =>
        Assert.Equal(expected, EditDistance.NearestKnown(value, ["load-testing", "scale", "config-review"]));
}

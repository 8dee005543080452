using Postmortems.Core.Format;
using YamlDotNet.RepresentationModel;

namespace Postmortems.Core.Tests;

public class YamlValuesTests
{
    private static YamlMappingNode Map(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    [Theory]
    [InlineData("title: '  Checkout timed out '", "Checkout timed out")]
    [InlineData("title: ~", null)]
    [InlineData("title: null", null)]
    [InlineData("title: 'null'", "null")]
    [InlineData("title: '   '", null)]
    [InlineData("title: [a, b]", null)]
    [InlineData("other: x", null)]
    public void A_scalar_is_trimmed_text_absent_when_blank_null_missing_or_not_a_scalar(string yaml, string? expected) =>
        Assert.Equal(expected, Map(yaml).Scalar("title"));

    [Theory]
    [InlineData("tags: [a, ' b ', '', {x: y}]", "a|b")]
    [InlineData("tags: a, b ,c", "a|b|c")]
    [InlineData("tags: {a: b}", "")]
    [InlineData("tags: ~", "")]
    [InlineData("other: x", "")]
    public void A_list_is_a_sequence_of_scalars_or_one_line_of_comma_separated_values(string yaml, string expected) =>
        Assert.Equal(expected, string.Join('|', Map(yaml).List("tags")));
}

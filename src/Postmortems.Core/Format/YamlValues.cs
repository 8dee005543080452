using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Postmortems.Core.Format;

/// <summary>
/// Values read from a YAML mapping (front matter, the differences list) by one set of rules: a scalar is trimmed text,
/// absent when blank or YAML's null; a list is a YAML sequence of such scalars or one line of comma-separated values.
/// </summary>
public static class YamlValues
{
    public static YamlNode? Node(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    /// <summary>The trimmed text of a scalar, or null when it is blank, <c>~</c> or <c>null</c>.</summary>
    public static string? Text(YamlScalarNode scalar)
    {
        var value = scalar.Value;
        if (scalar.Style == ScalarStyle.Plain && value is "~" or "null" or "Null" or "NULL") return null;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The value of <paramref name="key"/>, or null when it is missing, blank, or a list or mapping.</summary>
    public static string? Scalar(this YamlMappingNode map, string key) =>
        map.Node(key) is YamlScalarNode scalar ? Text(scalar) : null;

    /// <summary>The values of <paramref name="key"/>: empty when it is missing or a mapping.</summary>
    public static IReadOnlyList<string> List(this YamlMappingNode map, string key) =>
        ListEntries(map.Node(key)).Select(entry => entry.Value).ToList();

    /// <summary>
    /// Each value of a list with the node it was read from (for its line): the values of a comma-separated scalar all
    /// come from that scalar; entries of a sequence that are not scalars, or are blank, are left out.
    /// </summary>
    public static IEnumerable<(YamlNode Node, string Value)> ListEntries(YamlNode? node) => node switch
    {
        YamlScalarNode scalar when Text(scalar) is { } line =>
            line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(value => ((YamlNode)scalar, value)),
        YamlSequenceNode sequence =>
            sequence.Children.Select(item => (Node: item, Value: item is YamlScalarNode scalar ? Text(scalar) : null))
                .Where(entry => entry.Value is not null)
                .Select(entry => (entry.Node, entry.Value!)),
        _ => [],
    };
}

using System.Text.RegularExpressions;
using Postmortems.Core.Format;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Postmortems.Core.Style;

/// <summary>
/// Reads the Vale rule files of a style folder: <c>&lt;folder&gt;/&lt;Style&gt;/&lt;Rule&gt;.yml</c>, as Vale's StylesPath lays them out.
/// A file that cannot be read is reported with its line; the other files still give their rules.
/// </summary>
public static class StyleRuleLoader
{
    public const string StyleFolder = "style";

    private static readonly HashSet<string> SupportedKinds = ["existence", "substitution"];

    // Vale keys this checker reads, and the ones it accepts and leaves to Vale (they change nothing in what is found here).
    private static readonly HashSet<string> ReadKeys = ["extends", "message", "level", "ignorecase", "nonword", "tokens", "swap", "exceptions"];
    private static readonly HashSet<string> ValeOnlyKeys = ["description", "link", "scope", "limit", "action", "vocab"];

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The rules of every style under <paramref name="styleDirectory"/>; an absent folder has none.</summary>
    public static IReadOnlyList<StyleRule> Load(string styleDirectory, List<Problem> problems)
    {
        if (!Directory.Exists(styleDirectory)) return [];
        foreach (var stray in RuleFiles(styleDirectory))
        {
            problems.Add(new Problem(stray, 1, "A rule file must be inside a style folder, as Vale reads them",
                $"Move it to {Path.Combine(styleDirectory, "<Style>", Path.GetFileName(stray))}"));
        }
        var rules = new List<StyleRule>();
        foreach (var style in Directory.EnumerateDirectories(styleDirectory).Order(StringComparer.Ordinal))
        {
            foreach (var file in RuleFiles(style))
            {
                var id = $"{Path.GetFileName(style)}.{Path.GetFileNameWithoutExtension(file)}";
                if (Read(id, File.ReadAllText(file), file, problems) is { } rule) rules.Add(rule);
            }
        }
        return rules;
    }

    private static IEnumerable<string> RuleFiles(string directory) =>
        Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    /// <summary>One rule from the text of its file, or null with the reason added to <paramref name="problems"/>.</summary>
    public static StyleRule? Read(string id, string yaml, string file, List<Problem> problems)
    {
        YamlMappingNode map;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                problems.Add(new Problem(file, 1, "A rule file must be a YAML mapping", "Start it with 'extends: existence' or 'extends: substitution'"));
                return null;
            }
            map = root;
        }
        catch (YamlException e)
        {
            problems.Add(new Problem(file, (int)e.Start.Line, $"{id}: the rule file is not valid YAML ({(e.InnerException?.Message ?? e.Message).TrimEnd('.')})", "Fix the YAML at that line"));
            return null;
        }
        return new RuleReader(id, file, map, problems).Read();
    }

    private sealed class RuleReader(string id, string file, YamlMappingNode map, List<Problem> problems)
    {
        private bool _failed;

        public StyleRule? Read()
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!ReadKeys.Contains(name) && !ValeOnlyKeys.Contains(name))
                    Fail(key, $"'{name}' is not a key of an existence or substitution rule", $"Use {string.Join(", ", ReadKeys.Order(StringComparer.Ordinal))}");
            }
            var extends = Scalar("extends", required: true);
            if (extends is not null && !SupportedKinds.Contains(extends))
                Fail(map.Node("extends")!, $"'extends: {extends}' is not supported here", "Use 'existence' or 'substitution' (the other Vale rule types still run under Vale itself)");
            var message = Scalar("message", required: true);
            var level = Scalar("level", required: false) ?? "warning";
            if (!StyleRule.Levels.Contains(level))
                Fail(map.Node("level")!, $"'level: {level}' is not a level", $"Use {string.Join(", ", StyleRule.Levels)}");
            var ignoreCase = Flag("ignorecase");
            var nonWord = Flag("nonword");
            var exceptions = StringList("exceptions").Select(e => e.Value).ToHashSet(ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

            var kind = extends == "substitution" ? StyleRuleKind.Substitution : StyleRuleKind.Existence;
            var alternatives = new List<string>();
            var swaps = new List<string>();
            if (kind == StyleRuleKind.Existence)
            {
                var tokens = StringList("tokens");
                if (tokens.Count == 0 && !_failed) Fail(map, "An existence rule needs 'tokens'", "Add 'tokens:' with a list of words or regular expressions");
                alternatives.AddRange(tokens.Where(t => CheckPattern(t.Node, t.Value)).Select(t => $"(?:{t.Value})"));
            }
            else
            {
                foreach (var (keyNode, key, value) in SwapEntries())
                {
                    if (!CheckPattern(keyNode, key)) continue;
                    alternatives.Add($"(?<{StyleRule.SwapGroupPrefix}{swaps.Count}>{key})");
                    swaps.Add(value);
                }
            }
            if (_failed || extends is null || message is null) return null;

            var pattern = nonWord ? $"(?:{string.Join('|', alternatives)})" : $@"\b(?:{string.Join('|', alternatives)})\b";
            var options = RegexOptions.CultureInvariant | RegexOptions.Compiled | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            return new StyleRule(id, file, kind, message, level, new Regex(pattern, options, MatchTimeout), swaps, exceptions);
        }

        private bool CheckPattern(YamlNode node, string pattern)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
                return true;
            }
            catch (ArgumentException e)
            {
                Fail(node, $"'{pattern}' is not a regular expression: {e.Message}", "Escape the special character or close the group");
                return false;
            }
        }

        private string? Scalar(string key, bool required)
        {
            switch (map.Node(key))
            {
                case null:
                    if (required) Fail(map, $"The rule has no '{key}'", $"Add '{key}:'");
                    return null;
                case YamlScalarNode { Value: { Length: > 0 } value }:
                    return value;
                case var other:
                    Fail(other, $"'{key}' must be a single value", $"Write it on one line, '{key}: ...'");
                    return null;
            }
        }

        private bool Flag(string key)
        {
            var value = Scalar(key, required: false);
            if (value is null) return false;
            if (bool.TryParse(value, out var flag)) return flag;
            Fail(map.Node(key)!, $"'{key}: {value}' must be true or false", $"Write '{key}: true' or '{key}: false'");
            return false;
        }

        private List<(YamlNode Node, string Value)> StringList(string key)
        {
            switch (map.Node(key))
            {
                case null:
                    return [];
                case YamlSequenceNode sequence:
                    var values = new List<(YamlNode, string)>();
                    foreach (var item in sequence.Children)
                    {
                        if (item is YamlScalarNode { Value: { Length: > 0 } value }) values.Add((item, value));
                        else Fail(item, $"Each entry of '{key}' must be a word or a regular expression", "Write it as '- word'");
                    }
                    return values;
                case var other:
                    Fail(other, $"'{key}' must be a list", $"Write each entry on its own line under '{key}:' as '- word'");
                    return [];
            }
        }

        private List<(YamlNode KeyNode, string Key, string Value)> SwapEntries()
        {
            var entries = new List<(YamlNode, string, string)>();
            switch (map.Node("swap"))
            {
                case null:
                    Fail(map, "A substitution rule needs 'swap'", "Add 'swap:' with 'matched words: rewording' entries");
                    break;
                case YamlMappingNode swap:
                    foreach (var (key, value) in swap.Children)
                    {
                        if (key is YamlScalarNode { Value: { Length: > 0 } k } && value is YamlScalarNode { Value: { Length: > 0 } v }) entries.Add((key, k, v));
                        else Fail(key, "Each entry of 'swap' must be 'words: rewording'", "Write it as 'the root cause was: contributing factors were'");
                    }
                    break;
                case var other:
                    Fail(other, "'swap' must be a mapping", "Write each entry on its own line under 'swap:' as 'words: rewording'");
                    break;
            }
            return entries;
        }

        private void Fail(YamlNode node, string message, string fix)
        {
            _failed = true;
            problems.Add(new Problem(file, (int)node.Start.Line, $"{id}: {message}", fix));
        }
    }
}

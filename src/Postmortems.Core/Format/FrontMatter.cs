using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Postmortems.Core.Format;

/// <summary>
/// Finds the YAML front matter of a Markdown file and reads it into a mapping, keeping where each key is.
/// Shared by incident and gap files.
/// </summary>
public sealed class FrontMatter
{
    /// <summary>Lists and mappings inside each other: an incident needs 3 (gaps, one gap, its note).</summary>
    public const int MaxDepth = 16;

    /// <summary>No front matter: what a file refused before its front matter was read has.</summary>
    public static FrontMatter None => new();

    private readonly Dictionary<string, int> _keyLines = new(StringComparer.Ordinal);

    private FrontMatter() { }

    /// <summary>False when the file has no front matter at all.</summary>
    public bool Present { get; private init; }

    /// <summary>Offset of the first character after the closing fence (0 when there is no front matter).</summary>
    public int BodyStart { get; private init; }

    /// <summary>1-based file line of the first YAML line.</summary>
    public int FirstLine { get; private init; } = 2;

    public string Yaml { get; private init; } = "";

    /// <summary>Offset of the first YAML character: the length of the opening fence line.</summary>
    public int YamlStart { get; private init; }

    /// <summary>False when the front matter is missing, never closed, or not a YAML mapping.</summary>
    public bool Readable { get; private set; }

    public YamlMappingNode Mapping { get; private set; } = new();

    /// <summary>An anchor, an alias or nesting too deep: a front matter of a shape that is refused outright, not read.</summary>
    public Problem? Refusal { get; private set; }

    public IReadOnlyList<string> Keys { get; private set; } = [];

    /// <summary>The line of a key; for a missing key, the closing fence, where it would be added.</summary>
    public int LineOf(string key) => _keyLines.TryGetValue(key, out var line) ? line : ClosingLine;

    /// <summary>1-based line of the closing fence (1 when there is no front matter).</summary>
    public int ClosingLine => Present ? FirstLine + Yaml.Count(c => c == '\n') : 1;

    public int LineOf(YamlNode node) => FirstLine + (int)node.Start.Line - 1;

    /// <param name="text">The file's text without a byte order mark.</param>
    public static FrontMatter Read(string text, string file, List<Problem> problems)
    {
        var opening = FenceLength(text, 0, "---");
        if (opening == 0) return new FrontMatter();

        var position = opening;
        while (position < text.Length)
        {
            var closing = FenceLength(text, position, "---");
            if (closing == 0) closing = FenceLength(text, position, "...");
            if (closing > 0)
            {
                var frontMatter = new FrontMatter
                {
                    Present = true,
                    BodyStart = position + closing,
                    YamlStart = opening,
                    Yaml = text[opening..position],
                };
                frontMatter.Load(file, problems);
                return frontMatter;
            }
            var next = text.IndexOf('\n', position);
            position = next < 0 ? text.Length : next + 1;
        }

        problems.Add(new Problem(file, 1, "The front matter opened on line 1 is never closed",
            "Add a line with only '---' after the last front-matter key"));
        return new FrontMatter();
    }

    /// <summary>Length of a fence line ("---" plus trailing blanks and its line end) at <paramref name="start"/>, or 0.</summary>
    private static int FenceLength(string text, int start, string fence)
    {
        if (string.CompareOrdinal(text, start, fence, 0, fence.Length) != 0) return 0;
        var i = start + fence.Length;
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t')) i++;
        if (i < text.Length && text[i] == '\r') i++;
        if (i < text.Length && text[i] != '\n') return 0;
        return i < text.Length ? i + 1 - start : i - start;
    }

    private void Load(string file, List<Problem> problems)
    {
        Readable = true;
        if (string.IsNullOrWhiteSpace(Yaml)) return;
        Readable = false;
        var stream = new YamlStream();
        try
        {
            // Checked on the parser's events before loading: the loader recurses once per level (thousands of levels
            // overflow the stack, which no catch survives) and aliases are the way to a billion-laughs expansion.
            if (RefusedShape(file) is { } refused)
            {
                Refusal = refused;
                problems.Add(refused);
                return;
            }
            stream.Load(new StringReader(Yaml));
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException?.Message ?? e.Message).Split('\n')[0].Trim().TrimEnd('.');
            problems.Add(new Problem(file, FirstLine + (int)e.Start.Line - 1, $"The front matter is not valid YAML: {reason}",
                "Check the indentation and quoting on this line (quote values that contain ': ' or start with '[', '{', '@' or '*')"));
            return;
        }
        catch (ArgumentException e)
        {
            problems.Add(new Problem(file, FirstLine, $"The front matter is not valid YAML: {e.Message}", "Give each key only once"));
            return;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet reports some unclosed flow collections ("severity: [sev2") this way rather than as a YamlException.
            problems.Add(new Problem(file, UnclosedBracketLine(), "The front matter is not valid YAML: a '[' or '{' is never closed",
                "Close every '[' with ']' and every '{' with '}', and quote values that start with them"));
            return;
        }

        if (stream.Documents.Count == 0) return;
        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            problems.Add(new Problem(file, FirstLine, "The front matter is not a list of 'key: value' lines",
                "Write the front matter as 'key: value' lines, for example 'title: Checkout timed out'"));
            return;
        }

        Mapping = mapping;
        Readable = true;
        var keys = new List<string>();
        foreach (var (keyNode, _) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? keyNode.ToString();
            keys.Add(key);
            _keyLines[key] = LineOf(keyNode);
        }
        Keys = keys;
    }

    /// <summary>An anchor, an alias, or nesting deeper than <see cref="MaxDepth"/>, as a problem on its line.</summary>
    private Problem? RefusedShape(string file)
    {
        var parser = new Parser(new StringReader(Yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            var line = FirstLine + (int)current.Start.Line - 1;
            switch (current)
            {
                case AnchorAlias alias:
                    return new Problem(file, line, $"The front matter uses the YAML alias '*{alias.Value}': aliases are not allowed in incident files",
                        "Write the value out in full, or quote it if it starts with '*'");
                case NodeEvent { Anchor.IsEmpty: false } node:
                    return new Problem(file, line, $"The front matter defines the YAML anchor '&{node.Anchor}': anchors are not allowed in incident files",
                        "Remove the anchor, or quote the value if it starts with '&'");
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    return new Problem(file, line, $"The front matter nests lists or mappings more than {MaxDepth} levels deep",
                        "Keep the front matter to 'key: value' lines, lists of values and the gaps list");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
        return null;
    }

    /// <summary>The first line that opens more brackets than it closes (quoted text aside), else the first line.</summary>
    private int UnclosedBracketLine()
    {
        var lines = Yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var depth = 0;
            var quote = '\0';
            foreach (var c in lines[i])
            {
                if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
                if (c is '"' or '\'') quote = c;
                else if (c is '[' or '{') depth++;
                else if (c is ']' or '}') depth--;
                else if (c == '#') break;
            }
            if (depth > 0) return FirstLine + i;
        }
        return FirstLine;
    }

    /// <summary>The YAML text of one top-level key: its line and the lines of its value.</summary>
    public string RawEntry(string key)
    {
        var lines = Yaml.Split('\n');
        var first = LineOf(key) - FirstLine;
        var next = Keys.Select(LineOf).Where(line => line - FirstLine > first).DefaultIfEmpty(FirstLine + lines.Length).Min() - FirstLine;
        return string.Join('\n', lines[first..Math.Min(next, lines.Length)].Select(l => l.TrimEnd('\r'))).TrimEnd();
    }
}

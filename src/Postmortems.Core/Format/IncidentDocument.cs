using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Postmortems.Core.Format;

/// <summary>
/// An incident file: its exact text, the fields read from it, and where each of them stands.
/// The text is never rewritten by parsing, so an untouched incident is written back byte for byte.
/// </summary>
public sealed partial class IncidentDocument
{
    private const char ByteOrderMark = '\uFEFF';

    private static readonly HashSet<string> KnownKeys =
        ["id", "title", "date", "severity", "status", "services", "teams", "authors", "differences", "gaps", "detected-by", "duration", "tags",
         "kind", "caught-by", "recurrence-of"];

    private readonly Dictionary<string, int> _valueLines = new(StringComparer.Ordinal);

    private IncidentDocument(string text, string file)
    {
        Text = text;
        File = file;
    }

    /// <summary>The file's text exactly as given.</summary>
    public string Text { get; }

    /// <summary>The name problems are reported against.</summary>
    public string File { get; }

    public Incident Incident { get; private set; } = new();

    public FrontMatter FrontMatter { get; private set; } = null!;

    /// <summary>Problems found while reading: the ones that make a field unreadable, not the rules (see <see cref="IncidentValidator"/>).</summary>
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public int LineCount { get; private set; }

    /// <summary>
    /// Why the file was refused before it was read (too large, a line too long, nested too deeply, a NUL character:
    /// see <see cref="MarkdownLimits"/>; YAML anchors, aliases or deep nesting: see <see cref="FrontMatter"/>), or null. A refused document has no fields and no sections.
    /// </summary>
    public Problem? Refusal { get; private set; }

    /// <summary>The 1-based line of a front-matter key, or of one value of a list (<c>"gaps/1"</c>).</summary>
    public int LineOf(string keyOrValue) =>
        _valueLines.TryGetValue(keyOrValue, out var line) ? line : FrontMatter.LineOf(keyOrValue.Split('/')[0]);

    /// <summary>The exact text of the file: serializing an incident that was not changed gives back its bytes.</summary>
    public string ToMarkdown() => Text;

    public const string TemplateFileName = "template.md";
    public const string NearMissTemplateFileName = "template-near-miss.md";
    public const string NoFrontMatter = "no front matter: not a native incident file";

    /// <summary>Why a Markdown file is plainly not an incident (no front matter, a gap definition, the template), or null.</summary>
    public static string? NotAnIncidentReason(IncidentDocument document, string file)
    {
        var name = Path.GetFileName(file);
        if (name.Equals(TemplateFileName, StringComparison.OrdinalIgnoreCase)) return "the postmortem template, not an incident";
        if (name.Equals(NearMissTemplateFileName, StringComparison.OrdinalIgnoreCase)) return "the near-miss template, not a near miss";
        if (!document.FrontMatter.Present && document.Problems.Count == 0) return NoFrontMatter;
        var keys = document.FrontMatter.Keys;
        if (keys.Contains("kind") && !keys.Contains("severity") && !RecordKind.All.Contains(document.Incident.Kind))
            return "a gap definition, not an incident";
        return null;
    }

    public static IncidentDocument Parse(string text, string file = "incident.md")
    {
        var document = new IncidentDocument(text, file);
        document.Read();
        return document;
    }

    private void Read()
    {
        var problems = new List<Problem>();
        var hasBom = Text.Length > 0 && Text[0] == ByteOrderMark;
        var text = hasBom ? Text[1..] : Text;
        if (MarkdownLimits.Check(text, File) is { } refusal)
        {
            Refuse(refusal);
            return;
        }
        var lines = new LineIndex(text);
        LineCount = lines.LineCount;

        FrontMatter = FrontMatter.Read(text, File, problems);
        if (FrontMatter.Refusal is { } frontMatterRefusal)
        {
            Refuse(frontMatterRefusal);
            return;
        }
        var incident = ReadFields(problems);
        IReadOnlyList<IncidentSection> sections;
        string preamble;
        try
        {
            (preamble, sections) = MarkdownSections.Read(text, FrontMatter.BodyStart, lines);
        }
        catch (ArgumentException e) when (e.Message.Contains("too deeply nested", StringComparison.Ordinal))
        {
            // Markdig's own depth limit, for a nesting MarkdownLimits does not count (emphasis inside emphasis).
            Refuse(new Problem(File, FrontMatter.ClosingLine, "The Markdown nests emphasis, links or blocks too deeply to be read",
                "Remove the runs of '*', '_', '[' or '>' that nest inside each other"));
            return;
        }
        Incident = incident with
        {
            Preamble = preamble,
            Sections = sections,
            ActionItems = ReadActionItems(text, lines, sections, problems),
        };
        Problems = problems;
    }

    private void Refuse(Problem refusal)
    {
        Refusal = refusal;
        Problems = [refusal];
        FrontMatter = FrontMatter.None;
        Incident = new Incident();
    }

    private Incident ReadFields(List<Problem> problems)
    {
        var map = FrontMatter.Mapping;
        return new Incident
        {
            Id = Scalar(map, "id", problems),
            Title = Scalar(map, "title", problems),
            Date = ReadDate(map, problems),
            Severity = Scalar(map, "severity", problems),
            Status = Scalar(map, "status", problems),
            Services = List(map, "services", problems),
            Teams = List(map, "teams", problems),
            Authors = List(map, "authors", problems),
            Differences = List(map, "differences", problems),
            Gaps = ReadGaps(map, "gaps", problems),
            DetectedBy = Scalar(map, "detected-by", problems),
            Duration = Scalar(map, "duration", problems),
            Tags = List(map, "tags", problems),
            Kind = Scalar(map, "kind", problems),
            CaughtBy = ReadGaps(map, "caught-by", problems),
            RecurrenceOf = Scalar(map, "recurrence-of", problems),
            OtherFields = FrontMatter.Keys.Where(k => !KnownKeys.Contains(k)).Select(k => new RawField(k, FrontMatter.RawEntry(k))).ToList(),
        };
    }

    private string? Scalar(YamlMappingNode map, string key, List<Problem> problems)
    {
        switch (map.Node(key))
        {
            case null: return null;
            case YamlScalarNode scalar: return YamlValues.Text(scalar);
            case var other:
                problems.Add(new Problem(File, FrontMatter.LineOf(other), $"'{key}' must be a single value, not a list or a mapping",
                    $"Write it on one line, for example '{key}: value'"));
                return null;
        }
    }

    private IReadOnlyList<string> List(YamlMappingNode map, string key, List<Problem> problems)
    {
        var node = map.Node(key);
        if (node is not (null or YamlScalarNode or YamlSequenceNode))
        {
            problems.Add(new Problem(File, FrontMatter.LineOf(node), $"'{key}' must be a list", $"Write it as '{key}: [a, b]'"));
            return [];
        }
        if (node is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children.Where(item => item is not YamlScalarNode))
                problems.Add(new Problem(File, FrontMatter.LineOf(item), $"Each entry of '{key}' must be a plain value",
                    $"Write '{key}' as a list of names, for example '{key}: [a, b]'"));
        }
        var values = new List<string>();
        foreach (var (entry, value) in YamlValues.ListEntries(node))
        {
            _valueLines[$"{key}/{values.Count}"] = FrontMatter.LineOf(entry);
            values.Add(value);
        }
        return values;
    }

    /// <summary>A list of gap ids, each with an optional note: <c>gaps</c>, or a near miss's <c>caught-by</c>.</summary>
    private IReadOnlyList<GapLink> ReadGaps(YamlMappingNode map, string key, List<Problem> problems)
    {
        if (map.Node(key) is not YamlSequenceNode sequence)
            return List(map, key, problems).Select(id => new GapLink(id, null)).ToList();

        var gaps = new List<GapLink>();
        foreach (var item in sequence.Children)
        {
            var line = FrontMatter.LineOf(item);
            switch (item)
            {
                case YamlScalarNode scalar when YamlValues.Text(scalar) is { } id:
                    _valueLines[$"{key}/{gaps.Count}"] = line;
                    gaps.Add(new GapLink(id, null));
                    break;
                case YamlMappingNode entry when entry.Node("id") is YamlScalarNode idNode && YamlValues.Text(idNode) is { } id:
                    _valueLines[$"{key}/{gaps.Count}"] = FrontMatter.LineOf(idNode);
                    var note = entry.Scalar("note");
                    gaps.Add(new GapLink(id, note));
                    break;
                case YamlScalarNode:
                    break;
                default:
                    problems.Add(new Problem(File, line, $"An entry of '{key}' has no 'id'",
                        $"Write each entry of '{key}' as '- id: load-testing' (with an optional 'note:'), or just '- load-testing'"));
                    break;
            }
        }
        return gaps;
    }

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK",
         "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK"];

    public static bool TryParseDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);

    private DateTimeOffset? ReadDate(YamlMappingNode map, List<Problem> problems)
    {
        var text = Scalar(map, "date", problems);
        if (text is null) return null;
        if (TryParseDate(text, out var date)) return date;
        problems.Add(new Problem(File, FrontMatter.LineOf("date"), $"'{text}' is not a date",
            "Write the date as YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SSZ for the start time in UTC"));
        return null;
    }

    private IReadOnlyList<ActionItem> ReadActionItems(string text, LineIndex lines, IReadOnlyList<IncidentSection> sections, List<Problem> problems)
    {
        var section = sections.FirstOrDefault(s => s.Standard == StandardSections.ActionItems);
        if (section is null) return [];
        var next = sections.FirstOrDefault(s => s.Line > section.Line)?.Line ?? lines.LineCount + 1;

        var items = new List<ActionItem>();
        var inFence = false;
        for (var line = section.Line + 1; line < next; line++)
        {
            var start = lines.StartOf(line);
            var end = line < lines.LineCount ? lines.StartOf(line + 1) : text.Length;
            var content = text[start..end].TrimEnd('\n', '\r');
            if (content.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (inFence) continue;
            var task = TaskLine().Match(content);
            if (!task.Success) continue;
            items.Add(ReadActionItem(task.Groups["text"].Value, task.Groups["mark"].Value is "x" or "X", line, problems));
        }
        return items;
    }

    private ActionItem ReadActionItem(string raw, bool done, int line, List<Problem> problems)
    {
        var owner = OwnerToken().Match(raw) is { Success: true } o ? o.Groups[1].Value : null;
        var dueText = DueToken().Match(raw) is { Success: true } d ? d.Groups[1].Value : null;
        var gap = GapToken().Match(raw) is { Success: true } g ? g.Groups[1].Value : null;
        DateOnly? due = null;
        if (dueText is not null)
        {
            if (DateOnly.TryParseExact(dueText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) due = parsed;
            else problems.Add(new Problem(File, line, $"Action item due date 'due:{dueText}' is not a date", "Write it as due:YYYY-MM-DD"));
        }
        var text = Tokens().Replace(raw, "");
        text = Spaces().Replace(text, " ").Trim();
        return new ActionItem(text, done, owner, due, dueText, gap, line);
    }

    /// <summary>A top-level list item: a task (<c>- [ ]</c>, <c>- [x]</c>) or, as archives write them, a plain bullet or numbered item.</summary>
    [GeneratedRegex(@"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(?:\[(?<mark>[ xX])\]\s+)?(?<text>\S.*)$")]
    private static partial Regex TaskLine();

    [GeneratedRegex(@"(?<=^|\s)@([\w][\w.-]*)")]
    private static partial Regex OwnerToken();

    [GeneratedRegex(@"(?<=^|\s)due:(\S+)")]
    private static partial Regex DueToken();

    [GeneratedRegex(@"(?<=^|\s)gap:(\S+)")]
    private static partial Regex GapToken();

    [GeneratedRegex(@"(?<=^|\s)(@[\w][\w.-]*|due:\S+|gap:\S+)")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();

}

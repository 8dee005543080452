using System.Text;

namespace Postmortems.Core.Format;

/// <summary>
/// Changes to an incident's text that touch only what they change: one front-matter key's lines, one task line.
/// Every other byte of the file stays as the author wrote it.
/// </summary>
public static class IncidentEdits
{
    public static string SetStatus(string text, string status) => SetField(text, "status", $"status: {status}");

    /// <summary>Sets a one-line key; no value leaves the key with nothing after it, as the template does.</summary>
    public static string SetScalar(string text, string key, string? value) =>
        SetField(text, key, string.IsNullOrWhiteSpace(value) ? $"{key}:" : $"{key}: {IncidentWriter.Quote(value.Trim())}");

    public static string SetList(string text, string key, IReadOnlyList<string> values) =>
        SetField(text, key, $"{key}: [{string.Join(", ", values.Select(IncidentWriter.Quote))}]");

    /// <summary>Sets the gaps, keeping the note of every gap that stays.</summary>
    public static string SetGaps(string text, IReadOnlyList<string> gapIds)
    {
        var notes = IncidentDocument.Parse(text).Incident.Gaps.Where(g => g.Note is not null).ToDictionary(g => g.Id, g => g.Note);
        if (gapIds.Count == 0) return SetField(text, "gaps", "gaps: []");
        var yaml = new StringBuilder("gaps:");
        foreach (var id in gapIds)
        {
            yaml.Append("\n  - id: ").Append(IncidentWriter.Quote(id));
            if (notes.GetValueOrDefault(id) is { } note) yaml.Append("\n    note: ").Append(IncidentWriter.Quote(note));
        }
        return SetField(text, "gaps", yaml.ToString());
    }

    /// <summary>
    /// Replaces the lines of a top-level front-matter key with <paramref name="yaml"/> (one or more lines, no line end),
    /// or adds them before the closing fence; a file without front matter gets one.
    /// </summary>
    public static string SetField(string text, string key, string yaml)
    {
        var document = IncidentDocument.Parse(text);
        var frontMatter = document.FrontMatter;
        var bom = text.StartsWith('\uFEFF') ? "\uFEFF" : "";
        var body = text[bom.Length..];
        var newline = body.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var block = yaml.Replace("\n", newline) + newline;
        if (!frontMatter.Present)
            return $"{bom}---{newline}{block}---{newline}{(body.Length > 0 && !body.StartsWith(newline, StringComparison.Ordinal) ? newline : "")}{body}";
        if (!frontMatter.Readable)
            throw new InvalidDataException("The front matter is not valid YAML: fix it before changing a field");

        var lines = new LineStarts(body);
        var yamlEnd = frontMatter.YamlStart + frontMatter.Yaml.Length;
        if (!frontMatter.Keys.Contains(key))
            return bom + body[..yamlEnd] + (yamlEnd > frontMatter.YamlStart && body[yamlEnd - 1] != '\n' ? newline : "") + block + body[yamlEnd..];

        var start = lines.StartOf(frontMatter.LineOf(key));
        var nextKeyLine = frontMatter.Keys.Select(frontMatter.LineOf).Where(l => l > frontMatter.LineOf(key)).DefaultIfEmpty(frontMatter.ClosingLine).Min();
        var end = Math.Min(lines.StartOf(nextKeyLine), yamlEnd);
        return bom + body[..start] + block + body[end..];
    }

    /// <summary>Ticks or unticks the action item on a 1-based line; a plain bullet becomes a task.</summary>
    public static string SetActionItemDone(string text, int line, bool done)
    {
        var item = IncidentDocument.Parse(text).Incident.ActionItems.FirstOrDefault(a => a.Line == line)
            ?? throw new ArgumentException($"Line {line} is not an action item", nameof(line));
        var bom = text.StartsWith('\uFEFF') ? 1 : 0;
        var lines = new LineStarts(text[bom..]);
        var start = bom + lines.StartOf(item.Line);
        var end = text.IndexOf('\n', start);
        var content = text[start..(end < 0 ? text.Length : end)];
        var mark = done ? "[x]" : "[ ]";
        var task = System.Text.RegularExpressions.Regex.Match(content, @"^(\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+)(\[[ xX]\])?");
        var replaced = task.Groups[2].Success
            ? content[..task.Groups[2].Index] + mark + content[(task.Groups[2].Index + 3)..]
            : content[..task.Groups[1].Length] + mark + " " + content[task.Groups[1].Length..];
        return text[..start] + replaced + text[(start + content.Length)..];
    }

    private sealed class LineStarts(string text)
    {
        private readonly LineIndex _index = new(text);
        public int StartOf(int line) => line > _index.LineCount ? text.Length : _index.StartOf(line);
    }
}

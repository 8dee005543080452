using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Postmortems.Core.Format;

/// <summary>
/// Writes an incident's fields as a file in the standard layout: known keys in order, then the other keys
/// as they were written, then the sections. Reading what it writes gives back the same fields.
/// </summary>
public static partial class IncidentWriter
{
    public static string Write(Incident incident)
    {
        var text = new StringBuilder("---\n");
        Scalar(text, "id", incident.Id);
        Scalar(text, "title", incident.Title);
        Scalar(text, "date", incident.Date is { } date ? FormatDate(date) : null);
        Scalar(text, "severity", incident.Severity);
        Scalar(text, "status", incident.Status);
        List(text, "services", incident.Services);
        List(text, "teams", incident.Teams);
        List(text, "authors", incident.Authors);
        List(text, "differences", incident.Differences);
        Gaps(text, "gaps", incident.Gaps);
        Scalar(text, "detected-by", incident.DetectedBy);
        Scalar(text, "duration", incident.Duration);
        List(text, "tags", incident.Tags);
        Scalar(text, "kind", incident.Kind);
        Gaps(text, "caught-by", incident.CaughtBy);
        Scalar(text, "recurrence-of", incident.RecurrenceOf);
        foreach (var field in incident.OtherFields) text.Append(field.Yaml).Append('\n');
        text.Append("---\n");

        if (incident.Preamble.Length > 0) text.Append('\n').Append(incident.Preamble).Append('\n');
        foreach (var section in incident.Sections)
        {
            text.Append("\n## ").Append(section.Title).Append('\n');
            if (section.Markdown.Length > 0) text.Append('\n').Append(section.Markdown).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A date alone when the incident has no time of day, else the UTC instant.</summary>
    public static string FormatDate(DateTimeOffset date) =>
        date.UtcDateTime.TimeOfDay == TimeSpan.Zero
            ? date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Scalar(StringBuilder text, string key, string? value)
    {
        if (value is not null) text.Append(key).Append(": ").Append(Quote(value)).Append('\n');
    }

    private static void List(StringBuilder text, string key, IReadOnlyList<string> values)
    {
        if (values.Count > 0) text.Append(key).Append(": [").Append(string.Join(", ", values.Select(Quote))).Append("]\n");
    }

    private static void Gaps(StringBuilder text, string key, IReadOnlyList<GapLink> gaps)
    {
        if (gaps.Count == 0) return;
        text.Append(key).Append(":\n");
        foreach (var gap in gaps)
        {
            text.Append("  - id: ").Append(Quote(gap.Id)).Append('\n');
            if (gap.Note is not null) text.Append("    note: ").Append(Quote(gap.Note)).Append('\n');
        }
    }

    /// <summary>A YAML scalar: plain when that reads back as the same string, else double-quoted.</summary>
    public static string Quote(string value)
    {
        if (PlainSafe().IsMatch(value) && !ReservedPlain().IsMatch(value)) return value;
        var escaped = new StringBuilder("\"");
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return escaped.Append('"').ToString();
    }

    /// <summary>No leading indicator, no ': ' or ' #', no flow punctuation, no surrounding blanks.</summary>
    [GeneratedRegex(@"^[^\s\-?:,\[\]{}#&*!|>'""%@`~][^,\[\]{}]*(?<![\s:])$")]
    private static partial Regex PlainSafe();

    /// <summary>Plain scalars YAML would read as something else, or that hide a ': ' or ' #'.</summary>
    [GeneratedRegex(@": | #|^(null|Null|NULL|true|false|True|False|yes|no|on|off)$|[\u0000-\u001f]")]
    private static partial Regex ReservedPlain();
}

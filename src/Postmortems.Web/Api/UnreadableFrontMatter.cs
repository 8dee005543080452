using Postmortems.Core.Format;

namespace Postmortems.Web.Api;

/// <summary>
/// The problem to report when the YAML reader gives up on a front matter with an InvalidOperationException (which
/// YamlDotNet throws, instead of a YamlException with a position, for some unclosed flow collections such as
/// "severity: [sev2"). Its message says nothing useful, so the line is found here: the first one that opens a
/// bracket or a quote it does not close.
/// </summary>
public static class UnreadableFrontMatter
{
    private const string Fix = "Check the brackets, quotes and indentation between the '---' lines";

    public static Problem Problem(string text, string file)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n');
        if (lines.Length > 0 && lines[0].TrimEnd('\r') == "---")
        {
            for (var i = 1; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd('\r');
                if (line is "---" or "...") break;
                if (Unclosed(line))
                    return new Problem(file, i + 1, $"The front matter is not valid YAML: '{line.Trim()}' opens a bracket or a quote it does not close",
                        "Close it on the same line, for example 'services: [checkout, payments]'");
            }
        }
        return new Problem(file, 1, "The front matter is not valid YAML", Fix);
    }

    private static bool Unclosed(string line)
    {
        var value = line.Contains(" #", StringComparison.Ordinal) ? line[..line.IndexOf(" #", StringComparison.Ordinal)] : line;
        var quotes = value.Count(c => c == '"') - CountOf(value, "\\\"");
        return value.Count(c => c == '[') != value.Count(c => c == ']')
            || value.Count(c => c == '{') != value.Count(c => c == '}')
            || quotes % 2 == 1;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}

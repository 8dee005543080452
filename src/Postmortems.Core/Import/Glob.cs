using System.Text;
using System.Text.RegularExpressions;

namespace Postmortems.Core.Import;

/// <summary>
/// A file pattern as people write them for --include and --exclude: <c>*</c> within a folder, <c>**</c> across
/// folders, <c>?</c> one character. A pattern without a slash matches the file name at any depth.
/// </summary>
public sealed class Glob
{
    private readonly Regex _regex;

    public Glob(string pattern)
    {
        Pattern = pattern.Replace('\\', '/');
        var body = new StringBuilder();
        for (var i = 0; i < Pattern.Length; i++)
        {
            var c = Pattern[i];
            if (c == '*' && i + 1 < Pattern.Length && Pattern[i + 1] == '*')
            {
                var slash = i + 2 < Pattern.Length && Pattern[i + 2] == '/';
                body.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                body.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
            }
        }
        var anchored = Pattern.Contains('/') ? $"^{body}$" : $"(?:^|/){body}$";
        _regex = new Regex(anchored, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    /// <param name="relativePath">A path relative to the imported folder, with '/' separators.</param>
    public bool Matches(string relativePath) => _regex.IsMatch(relativePath);
}

using System.Text;
using Postmortems.Tests;

namespace Postmortems.Benchmarks;

/// <summary>The design text checked: the start of a real design document from the tests, cut at a paragraph near 5 KB.</summary>
public static class DesignText
{
    public const int Size = 5 * 1024;

    public static string FiveKilobytes()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "tests", "Postmortems.Core.Tests", "DesignCheck", "orders-multi-region-design.md");
        var text = new StringBuilder();
        foreach (var paragraph in File.ReadAllText(path).Split("\n\n"))
        {
            if (text.Length + paragraph.Length > Size) break;
            text.Append(paragraph).Append("\n\n");
        }
        return text.ToString();
    }
}

using System.Text;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Tests;

namespace Postmortems.Core.Tests;

/// <summary>Property-style: the rules hold for every seed incident and for generated values, not for one example.</summary>
public class RoundTripTests
{
    public static TheoryData<string> SeedFiles() => [.. TestPaths.SeedIncidentFiles()];

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void An_unchanged_incident_serializes_to_its_original_bytes(string path)
    {
        var bytes = File.ReadAllBytes(path);

        var serialized = IncidentDocument.Parse(IncidentFiles.Read(path), path).ToMarkdown();

        Assert.Equal(bytes, new UTF8Encoding(false).GetBytes(serialized));
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Parse_write_parse_gives_the_same_incident(string path)
    {
        var original = IncidentDocument.Parse(File.ReadAllText(path), path).Incident;

        var written = IncidentWriter.Write(original);
        var reread = IncidentDocument.Parse(written, path);

        Assert.Empty(reread.Problems);
        Assert.Equal(IncidentDocumentTests.Comparable(original), IncidentDocumentTests.Comparable(reread.Incident));
        Assert.Equal(written, IncidentWriter.Write(reread.Incident));
    }

    [Fact]
    public void Unknown_keys_and_sections_survive_a_rewrite()
    {
        var text = Samples.Complete
            .WithLine("detected-by: alert", "jira: OPS-123\ndetected-by: alert")
            .WithLine("## Lessons learned", "## Customer communication\n\nWe emailed 40 merchants.\n\n## Lessons learned");

        var written = IncidentWriter.Write(IncidentDocument.Parse(text).Incident);

        Assert.Contains("jira: OPS-123\n", written);
        Assert.Contains("## Customer communication\n\nWe emailed 40 merchants.\n", written);
    }

    [Fact]
    public void Any_title_reads_back_as_written()
    {
        var random = new Random(20261127);
        const string alphabet = "abcXYZ 019:#-[]{}'\"\\,&*!|>%@`~?\t\u00e9\u4e2d\U0001F525";
        for (var i = 0; i < 2000; i++)
        {
            var title = new string(Enumerable.Range(0, random.Next(1, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (char.IsSurrogate(title[^1]) || char.IsSurrogate(title[0])) continue;
            title = title.Trim();
            if (title.Length == 0) continue;

            var reread = IncidentDocument.Parse(IncidentWriter.Write(new Incident { Id = "a", Title = title })).Incident;

            Assert.True(title == reread.Title, $"'{title}' came back as '{reread.Title}'");
        }
    }
}

using Postmortems.Core.Format;
using Postmortems.Core.Import;

namespace Postmortems.Core.Tests.Import;

public class SectionNamesTests
{
    [Theory]
    [InlineData("Contributing Factors", StandardSections.RootCause)]
    [InlineData("Root Cause Analysis", StandardSections.RootCause)]
    [InlineData("Identified cause (to be done pre-meeting)", StandardSections.RootCause)]
    [InlineData("What happened", StandardSections.Summary)]
    [InlineData("Incident Summary", StandardSections.Summary)]
    [InlineData("Follow-ups", StandardSections.ActionItems)]
    [InlineData("Remediation", StandardSections.ActionItems)]
    [InlineData("2. Action items:", StandardSections.ActionItems)]
    [InlineData("Lessons Learnt", StandardSections.LessonsLearned)]
    [InlineData("Timeline summary", StandardSections.Timeline)]
    [InlineData("Why was this hard to detect?", StandardSections.Detection)]
    [InlineData("**Impact**", StandardSections.Impact)]
    [InlineData("Attendees", null)]
    [InlineData("Stats", null)]
    public void Headings_are_read_as_standard_sections(string heading, string? standard) =>
        Assert.Equal(standard, SectionNames.StandardFor(heading));

    [Theory]
    [InlineData("On Tuesday 22nd June 2021, the", "2021-06-22", "22nd June 2021")]
    [InlineData("From June 13, 2025 to", "2025-06-13", "June 13, 2025")]
    [InlineData("On 2023-07-20 between 12:17 and 12:30 UTC", "2023-07-20", "2023-07-20")]
    [InlineData("On Friday 29 November 2019, we", "2019-11-29", "29 November 2019")]
    [InlineData("in November 2025 we saw", "2025-11-01", "November 2025")]
    public void Dates_are_found_in_text(string text, string date, string matched)
    {
        var found = TextDates.First(text)!;

        Assert.Equal(date, found.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(matched, found.Text);
    }

    [Fact]
    public void Text_without_a_date_has_none() => Assert.Null(TextDates.First("Sometime in the 2nd quarter, 42 servers went down."));

    [Theory]
    [InlineData("25 minutes", "25m")]
    [InlineData("1 hour 48 minutes", "1h48m")]
    [InlineData("2h", "2h")]
    [InlineData("3 days", "3d")]
    [InlineData("unknown", null)]
    public void Durations_are_read_from_text(string text, string? duration) => Assert.Equal(duration, TextDurations.Parse(text));

    [Theory]
    [InlineData("keep/**", "keep/a.md", true)]
    [InlineData("keep/**", "keep/sub/a.md", true)]
    [InlineData("keep/**", "other/a.md", false)]
    [InlineData("*.md", "deep/down/a.md", true)]
    [InlineData("data/*.md", "data/sub/a.md", false)]
    [InlineData("PM20??-*", "PM2021-005 - x.md", true)]
    public void Globs_match_relative_paths(string pattern, string path, bool matches) =>
        Assert.Equal(matches, new Glob(pattern).Matches(path));
}

using Postmortems.Core.Retro;

namespace Postmortems.Core.Tests.Retro;

public sealed class RetroPeriodTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static RetroPeriod Period(string from, string to) => new(DateOnly.Parse(from), DateOnly.Parse(to));

    [Theory]
    [InlineData(RetroPresets.Last30Days, "2026-10-29", "2026-11-27")]
    [InlineData(RetroPresets.Last90Days, "2026-08-30", "2026-11-27")]
    [InlineData(RetroPresets.ThisQuarter, "2026-10-01", "2026-11-27")]
    [InlineData(RetroPresets.LastQuarter, "2026-07-01", "2026-09-30")]
    [InlineData(RetroPresets.Last12Months, "2025-11-28", "2026-11-27")]
    [InlineData(RetroPresets.ThisYear, "2026-01-01", "2026-11-27")]
    [InlineData(RetroPresets.LastYear, "2025-01-01", "2025-12-31")]
    public void Presets_are_whole_utc_days_up_to_today(string preset, string from, string to)
    {
        var period = RetroPresets.Period(preset, Today)!;

        Assert.Equal(Period(from, to), period);
        Assert.Equal(preset, RetroPresets.KeyOf(period, Today));
    }

    [Fact]
    public void The_last_30_days_are_30_days_including_today()
    {
        Assert.Equal(30, RetroPresets.Period(RetroPresets.Last30Days, Today)!.Days);
        Assert.Null(RetroPresets.Period(RetroPresets.Custom, Today));
        Assert.Equal(RetroPresets.Custom, RetroPresets.KeyOf(Period("2026-01-03", "2026-02-14"), Today));
    }

    [Fact]
    public void A_period_includes_its_first_instant_and_its_last_day_whole()
    {
        var period = Period("2025-04-01", "2025-06-30");

        Assert.True(period.Contains(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(period.Contains(new DateTimeOffset(2025, 6, 30, 23, 59, 59, TimeSpan.Zero)));
        Assert.False(period.Contains(new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(period.Contains(new DateTimeOffset(2025, 3, 31, 23, 59, 59, TimeSpan.Zero)));
        // 2025-07-01 01:00 in UTC+2 is 2025-06-30 23:00 UTC: inside.
        Assert.True(period.Contains(new DateTimeOffset(2025, 7, 1, 1, 0, 0, TimeSpan.FromHours(2))));
        Assert.False(period.Contains(null));
    }

    [Theory]
    [InlineData("2026-07-01", "2026-09-30", "2026-04-01", "2026-06-30")] // a quarter: the quarter before
    [InlineData("2025-01-01", "2025-12-31", "2024-01-01", "2024-12-31")] // a year: the year before
    [InlineData("2026-03-01", "2026-03-31", "2026-02-01", "2026-02-28")] // a month: the month before, whatever its length
    [InlineData("2026-08-30", "2026-11-27", "2026-06-01", "2026-08-29")] // 90 days: the 90 days before
    [InlineData("2026-10-01", "2026-11-27", "2026-07-01", "2026-08-27")] // this quarter so far: the quarter before, as far
    [InlineData("2026-01-01", "2026-11-27", "2025-01-01", "2025-11-27")] // this year so far: last year, up to the same day
    [InlineData("2026-11-01", "2026-11-27", "2026-10-01", "2026-10-27")] // this month so far: last month, as far
    [InlineData("2026-01-01", "2026-02-14", "2025-10-01", "2025-11-14")] // inside a quarter: the quarter before
    [InlineData("2026-01-03", "2026-02-14", "2025-11-21", "2026-01-02")] // any other days: as many days just before
    public void The_previous_period_is_as_many_months_or_days_just_before(string from, string to, string previousFrom, string previousTo)
    {
        Assert.Equal(Period(previousFrom, previousTo), Period(from, to).Previous());
    }

    [Theory]
    [InlineData("2026-10-01", "2026-11-27", "this quarter")]
    [InlineData("2026-07-01", "2026-09-30", "in 2026 Q3")]
    [InlineData("2025-01-01", "2025-12-31", "in 2025")]
    [InlineData("2026-01-01", "2026-11-27", "this year")]
    [InlineData("2026-03-01", "2026-03-31", "in March 2026")]
    [InlineData("2026-08-30", "2026-11-27", "in the last 90 days")]
    [InlineData("2026-01-03", "2026-02-14", "from 2026-01-03 to 2026-02-14")]
    public void A_period_reads_as_words_in_a_finding(string from, string to, string phrase)
    {
        Assert.Equal(phrase, Period(from, to).Phrase(Today));
    }

    [Fact]
    public void Parsing_reads_utc_days_and_says_what_is_wrong()
    {
        Assert.Equal((Period("2025-01-01", "2025-12-31"), (string?)null), RetroPeriod.Parse("2025-01-01", "2025-12-31", Today));
        Assert.Equal(Period("2026-08-30", "2026-11-27"), RetroPeriod.Parse(null, null, Today).Period);
        Assert.Equal(Period("2026-01-01", "2026-11-27"), RetroPeriod.Parse("2026-01-01", null, Today).Period);

        var (none, error) = RetroPeriod.Parse("2025-13-01", "yesterday", Today);
        Assert.Null(none);
        Assert.Equal("to must be a day written YYYY-MM-DD (got 'yesterday'). from must be a day written YYYY-MM-DD (got '2025-13-01').", error);
        Assert.Equal("from (2025-02-01) is after to (2025-01-01).", RetroPeriod.Parse("2025-02-01", "2025-01-01", Today).Error);
    }

    [Theory]
    [InlineData(3, "third")]
    [InlineData(12, "twelfth")]
    [InlineData(13, "13th")]
    [InlineData(21, "21st")]
    [InlineData(22, "22nd")]
    [InlineData(111, "111th")]
    public void Ordinals_are_words_up_to_twelve(int n, string word) => Assert.Equal(word, RetroBuilder.Ordinal(n));
}

using Postmortems.Core.Retro;

namespace Postmortems.Core.Tests.NearMisses;

public sealed class EscapeRateTests
{
    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(1, 1, null)]
    [InlineData(0, 2, null)]
    [InlineData(1, 2, 1.0 / 3)]
    [InlineData(3, 9, 0.25)]
    [InlineData(4, 0, 1.0)]
    public void A_rate_needs_three_records(int letThrough, int caught, double? rate) =>
        Assert.Equal(rate, EscapeRates.Rate(letThrough, caught));

    [Fact]
    public void The_reading_says_the_numbers_in_plain_words()
    {
        Assert.Equal("`load-testing` caught 9 of 12 this quarter; 3 got through as incidents (escape rate 25%).",
            EscapeRates.Reading("load-testing", 3, 9, "this quarter"));
        Assert.Equal("`load-testing` caught 2 of 3 in 2026; 1 got through as an incident (escape rate 33%).",
            EscapeRates.Reading("load-testing", 1, 2, "in 2026"));
        Assert.Equal("`config-review` caught 1 and let 1 through this quarter: too few records for a rate.",
            EscapeRates.Reading("config-review", 1, 1, "this quarter"));
        Assert.Equal("`config-review` caught nothing and let nothing through this quarter.",
            EscapeRates.Reading("config-review", 0, 0, "this quarter"));
    }
}

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Postmortems.Web.Tests;

public sealed class ErrorPagesTests(PostmortemsAppFactory factory) : IClassFixture<PostmortemsAppFactory>
{
    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/incidents/a/b/c")]
    [InlineData("/files/report.pdf")]
    public async Task An_unknown_address_is_a_friendly_404(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no page at this address", text);
        Assert.Contains("href=\"gaps\"", text);
    }

    /// <summary>A clock whose local time fails, with a message no page may show: pages that mark overdue items fail.</summary>
    private sealed class FailingLocalClock : TimeProvider
    {
        public const string Secret = "secret detail of the failure";
        public override TimeZoneInfo LocalTimeZone => throw new InvalidOperationException(Secret);
    }

    [Fact]
    public async Task In_production_a_failing_page_shows_a_friendly_error_and_no_exception_details()
    {
        using var production = factory.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FailingLocalClock()));
        });
        using var client = production.CreateClient();

        using var response = await client.GetAsync("/gaps/load-testing");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", text);
        Assert.Contains("request id", text);
        Assert.DoesNotContain(FailingLocalClock.Secret, text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain(".cs:line", text);
    }
}

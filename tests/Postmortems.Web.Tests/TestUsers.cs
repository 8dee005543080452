using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core.Accounts;

namespace Postmortems.Web.Tests;

/// <summary>
/// One user per role ("test-reader", "test-author", "test-admin", password <see cref="Password"/>) and one API
/// token each, made the first time a test of the app asks for that role.
/// </summary>
public sealed class TestUsers(Func<IServiceProvider> services)
{
    public const string Password = "correct horse battery staple";
    public const string ClientAddressHeader = "X-Test-Client-Address";

    private readonly ConcurrentDictionary<Role, Lazy<string>> _tokens = new();

    public static string NameFor(Role role) => $"test-{role.Name()}";

    public string TokenFor(string role)
    {
        if (!Roles.TryParse(role, out var parsed)) throw new ArgumentException($"'{role}' is not one of {Roles.Choices}", nameof(role));
        return _tokens.GetOrAdd(parsed, r => new Lazy<string>(() =>
        {
            var accounts = services().GetRequiredService<AccountStore>();
            var name = NameFor(r);
            if (accounts.Find(name) is null) accounts.Add(name, r, Password);
            return accounts.CreateToken(name, "tests").Secret;
        })).Value;
    }

    /// <summary>A client that sends the role's token as <c>Authorization: Bearer</c>.</summary>
    public HttpClient Authorize(HttpClient client, string role)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(role));
        return client;
    }
}

/// <summary>
/// An in-memory test server has no remote address. This gives every request one, as a real server would:
/// <see cref="TestUsers.ClientAddressHeader"/> when the test sends it (to be another client), else the factory's.
/// </summary>
public sealed class TestClientAddress(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(TestUsers.ClientAddressHeader, out var header)
                ? IPAddress.Parse(header.ToString())
                : address;
            return nextMiddleware(context);
        });
        next(app);
    };
}

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Postmortems.Core;

namespace Postmortems.EndToEnd.Tests;

/// <summary>
/// The app on its own data directory, which a test can stop (host disposed: the circuit and every server-side state
/// gone) and start again on the same port, so the browser sees the same origin and its localStorage.
/// </summary>
public sealed class KillableApp(string dataDirectory) : IAsyncDisposable
{
    private Instance? _running;
    private int _port;

    public string BaseUrl => $"http://127.0.0.1:{_port}/";

    public IServiceProvider Services => _running!.Services;

    public void Start()
    {
        _running = new Instance(dataDirectory);
        _port = _running.Start(_port);
    }

    public async Task KillAsync()
    {
        if (_running is null) return;
        await _running.DisposeAsync();
        _running = null;
        // The host closes its store in the background: starting again, or deleting the directory, waits for that.
        Postmortems.Tests.DataDirectories.WaitUntilReleased(dataDirectory);
    }

    public ValueTask DisposeAsync() => new(KillAsync());

    private sealed class Instance(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting(PostmortemsPaths.DataDirectoryKey, dataDirectory);
            builder.UseSetting(PostmortemsPaths.ContentDirectoryKey, Postmortems.Tests.TestPaths.Content);
        }

        /// <returns>The port it listens on: <paramref name="port"/>, or a free one for 0.</returns>
        public int Start(int port)
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, port));
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address).Port;
        }
    }
}

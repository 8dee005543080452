using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Postmortems.Web.Tests.Webhooks;

public sealed record ReceivedWebhook(string Body, string? Signature, string? Event, string? Delivery);

/// <summary>
/// A real HTTP endpoint on loopback (HttpListener on a free port) that records every POST and answers with the status
/// <c>answer</c> gives for the request's number (1 for the first); an answer that never completes is a receiver that
/// never answers, until the receiver is disposed.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, Task<int>> _answer;
    private readonly Channel<ReceivedWebhook> _arrivals = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly CancellationTokenSource _stop = new();
    private int _count;

    public WebhookReceiver(Func<int, Task<int>>? answer = null)
    {
        _answer = answer ?? (_ => Task.FromResult(200));
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hook";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(Listen);
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Completes when a request that is not yet taken arrives.</summary>
    public async Task<ReceivedWebhook> Next() => await _arrivals.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Cancelled when the receiver is disposed: an answer that waits on it never comes while the test runs.</summary>
    public CancellationToken Stopping => _stop.Token;

    private async Task Listen()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var received = new ReceivedWebhook(await reader.ReadToEndAsync(), context.Request.Headers["X-Postmortems-Signature"],
                context.Request.Headers["X-Postmortems-Event"], context.Request.Headers["X-Postmortems-Delivery"]);
            Received.Enqueue(received);
            var number = Interlocked.Increment(ref _count);
            _arrivals.Writer.TryWrite(received);
            _ = Task.Run(async () =>
            {
                try
                {
                    context.Response.StatusCode = await _answer(number);
                    context.Response.Close();
                }
                catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    // Disposed while the answer was held back.
                }
            });
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}

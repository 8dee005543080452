using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Api;

/// <summary>Reads an incident's Markdown from a request body: UTF-8 text, at most <see cref="MaxBytes"/>.</summary>
internal static class MarkdownBody
{
    public const long MaxBytes = 1024 * 1024;

    public static readonly string[] MediaTypes = ["text/markdown", "text/x-markdown", "text/plain"];

    /// <summary>The body's text exactly as sent (a byte order mark stays), or the problem answer that says why not.</summary>
    public static async Task<(string? Text, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !MediaTypes.Contains(contentType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.UnsupportedMediaType(
                $"Send the incident's Markdown as the body with 'Content-Type: text/markdown' (got '{request.ContentType ?? "no Content-Type"}')."));
        }
        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return (null, ApiProblems.UnsupportedMediaType($"Send the Markdown as UTF-8 (got charset '{contentType.Charset}')."));
        if (request.ContentLength > MaxBytes) return (null, ApiProblems.TooLarge(MaxBytes));

        // Kestrel enforces the limit too, for a body that does not say its length up front.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBytes;

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return (null, ApiProblems.TooLarge(MaxBytes));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return (IncidentFiles.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "The body"), null);
        }
        catch (InvalidDataException e)
        {
            return (null, ApiProblems.BadRequest("The body is not UTF-8 text", e.Message));
        }
    }
}

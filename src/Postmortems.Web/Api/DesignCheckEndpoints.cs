using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Postmortems.Core.DesignCheck;

namespace Postmortems.Web.Api;

/// <summary>
/// <c>POST /api/design-check</c>: a design (as text, or as JSON with a limit) against the past incidents, answered with
/// the same JSON that <c>postmortems check --json</c> prints.
/// </summary>
public static class DesignCheckEndpoints
{
    /// <summary>The JSON envelope may escape the text (a "\u00e9" for each "é"), so it may be larger than the text.</summary>
    public const int MaxJsonBytes = 8 * DesignInput.MaxBytes;

    private static readonly string[] TextMediaTypes = ["text/plain", "text/markdown", "text/x-markdown"];
    private const string JsonMediaType = "application/json";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/design-check", Check)
            .WithTags("Design check")
            .WithName("DesignCheck")
            .WithSummary("Check a design against past incidents")
            .WithDescription(
                "The body is the design (a design doc section, an RFC, a PR description) as `text/plain` or `text/markdown`, " +
                "UTF-8, at most 100 KB; or `application/json` `{\"text\", \"limit\", \"baseUrl\"}`. The answer names the past " +
                "incidents most like it, each with `why` (the design's distinctive words it shares, and its best matching " +
                "passage with the section it is from), the gaps those incidents name ranked by summed relevance, one checklist " +
                "merged from the top gaps' \"How to close it\" steps (each naming the incidents behind it), the differences " +
                "between dev and prod that bit them, and all of it as `markdown` to post on a pull request. `limit` (query or " +
                "JSON, 1 to 20, 5 by default) is how many incidents; `baseUrl` puts an absolute address in front of the " +
                "Markdown's links (relative `/incidents/{id}` otherwise). An empty text is a 400, more than 100 KB a 413.")
            // The body is read by hand (size, encoding, media type all answered as problems), so it is described here;
            // .Accepts() would make routing answer a wrong Content-Type before the handler could explain it.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The design as text, or as JSON with options.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        ["text/markdown"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        [JsonMediaType] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string> { "text" },
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["text"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The design, at most 100 KB as UTF-8." },
                                    ["limit"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "How many incidents, 1 to 20 (5)." },
                                    ["baseUrl"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Put in front of the Markdown's links." },
                                },
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            })
            .Produces<DesignCheckJson>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>The JSON form of the request.</summary>
    public sealed record DesignCheckRequest(string? Text, int? Limit, string? BaseUrl);

    private static async Task<IResult> Check(
        HttpRequest request,
        DesignChecker checker,
        [FromQuery, Description("How many incidents, 1 to 20 (5 when not given).")] int? limit,
        [FromQuery, Description("Put in front of the Markdown's links, such as https://postmortems.example.com.")] string? baseUrl,
        CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
            return Unsupported(request.ContentType);
        var mediaType = contentType.MediaType.Value ?? "";
        var isJson = mediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase);
        if (!isJson && !TextMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase)) return Unsupported(request.ContentType);
        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return ApiProblems.UnsupportedMediaType($"Send the design as UTF-8 (got charset '{contentType.Charset}').");

        var maxBytes = isJson ? MaxJsonBytes : DesignInput.MaxBytes + 3; // a text body may start with a byte order mark
        var (bytes, tooLarge) = await ReadBodyAsync(request, maxBytes, cancellationToken);
        if (tooLarge is { } size) return TooLarge(DesignInput.TooLarge(size, atLeast: request.ContentLength is null));

        string text;
        if (isJson)
        {
            DesignCheckRequest? body;
            try
            {
                body = JsonSerializer.Deserialize<DesignCheckRequest>(bytes, JsonOptions);
            }
            catch (JsonException e)
            {
                return ApiProblems.BadRequest("The body is not the JSON this endpoint reads",
                    $"Send {{\"text\": \"...\", \"limit\": 5}} (limit optional). {e.Message}");
            }
            text = body?.Text ?? "";
            limit = body?.Limit ?? limit;
            baseUrl = body?.BaseUrl ?? baseUrl;
        }
        else
        {
            try
            {
                text = StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
            }
            catch (DecoderFallbackException)
            {
                return ApiProblems.BadRequest("The body is not UTF-8", "Send the design encoded as UTF-8.");
            }
        }

        if (limit is < 1 or > DesignChecker.MaxLimit)
            return ApiProblems.BadRequest("Bad limit", $"limit must be between 1 and {DesignChecker.MaxLimit} (got {limit}).");
        if (!string.IsNullOrWhiteSpace(baseUrl) && !(Uri.TryCreate(baseUrl, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
            return ApiProblems.BadRequest("Bad baseUrl", $"baseUrl must be an absolute http(s) URL such as https://postmortems.example.com (got '{baseUrl}').");
        if (DesignInput.Problem(text) is { } problem)
        {
            return problem.Kind == DesignInputProblemKind.TooLarge
                ? TooLarge(problem)
                : ApiProblems.BadRequest("The design text is empty", problem.Message);
        }

        var result = checker.Check(text, limit ?? DesignChecker.DefaultLimit);
        // How long the check took, for whoever watches the latency of a CI step that calls this.
        request.HttpContext.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"check;dur={result.Elapsed.TotalMilliseconds:0.0}");
        return TypedResults.Json(DesignCheckJson.From(result, baseUrl), JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static IResult Unsupported(string? contentType) =>
        ApiProblems.UnsupportedMediaType(
            $"Send the design as the body with 'Content-Type: text/plain' (or text/markdown), or as 'application/json' {{\"text\": \"...\"}} (got '{contentType ?? "no Content-Type"}').");

    private static IResult TooLarge(DesignInputProblem problem) =>
        TypedResults.Problem(problem.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The design text is too large");

    /// <summary>The body, or (when it is larger than <paramref name="maxBytes"/>) how much was seen before giving up.</summary>
    private static async Task<(byte[] Bytes, long? TooLarge)> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return ([], request.ContentLength);
        // A body that does not say its length up front is read only this far, so memory stays bounded.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return ([], buffer.Length + read);
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), null);
    }
}

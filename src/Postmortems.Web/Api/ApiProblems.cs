using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Api;

/// <summary>Every error the API answers is application/problem+json, made here, with a message a person can act on.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title);

    /// <summary>A 400 that lists every validation problem of a Markdown body, each with its line and fix.</summary>
    public static ProblemHttpResult Invalid(string detail, IEnumerable<Problem> problems)
    {
        var list = problems.Select(ApiProblem.From).ToList();
        var errors = list.Count(p => !p.Warning);
        return TypedResults.Problem(
            detail,
            statusCode: StatusCodes.Status400BadRequest,
            title: errors == 1 ? "The incident has 1 problem" : $"The incident has {errors} problems",
            extensions: new Dictionary<string, object?> { ["problems"] = list });
    }

    public static ProblemHttpResult PreconditionFailed(string detail, int? currentRevision) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status412PreconditionFailed, title: "The incident has changed",
            extensions: new Dictionary<string, object?> { ["currentRevision"] = currentRevision });

    public static ProblemHttpResult PreconditionRequired(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required");

    /// <summary>507: the disk is full. Nothing was saved, and the store takes writes again once space is freed.</summary>
    public static ProblemHttpResult DiskFull(DiskFullException error) =>
        TypedResults.Problem(error.Message, statusCode: StatusCodes.Status507InsufficientStorage,
            title: "The disk holding the data directory is full");

    public static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem($"The request body is larger than {limit / 1024 / 1024} MB. An incident's Markdown must fit in {limit / 1024 / 1024} MB.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large");

    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");

    /// <summary>
    /// The exception handler of the /api branch: a full disk is a 507 that says so (from any write endpoint); a
    /// request the framework could not bind (a bad number, a body too large for the server) keeps its status and
    /// message; anything else is a 500 that names the trace id to look
    /// up in the log, never the exception's text or stack.
    /// </summary>
    public static async Task HandleException(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (StoreDamageProblems.For(context, error) is { } damaged)
        {
            await damaged.ExecuteAsync(context);
            return;
        }
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        var result = error is DiskFullException full ? DiskFull(full)
            : error is BadHttpRequestException bad
            ? TypedResults.Problem(bad.Message, statusCode: bad.StatusCode,
                title: bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request")
            : TypedResults.Problem($"The error was logged with trace id {traceId}.",
                statusCode: StatusCodes.Status500InternalServerError, title: "An unexpected error occurred",
                extensions: new Dictionary<string, object?> { ["traceId"] = traceId });
        await result.ExecuteAsync(context);
    }
}

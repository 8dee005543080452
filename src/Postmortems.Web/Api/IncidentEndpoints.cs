using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Postmortems.Core.Format;
using Postmortems.Core.Storage;
using Postmortems.Core.Taxonomy;
using Postmortems.Core.Validation;
using Postmortems.Web.Auth;

namespace Postmortems.Web.Api;

/// <summary>Incidents over HTTP: Markdown in, Markdown out; lists and counts come from the store's indexed fields.</summary>
internal static class IncidentEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static void Map(RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Incidents");

        incidents.MapGet("", List)
            .WithName("ListIncidents")
            .WithSummary("List incidents, newest first")
            .WithDescription("Every filter given must match. `total` counts all the matching incidents, whatever `limit` and `offset` are.")
            .Produces<IncidentPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        incidents.MapGet("/{id}", Get)
            .WithName("GetIncident")
            .WithSummary("An incident's fields, revision and Markdown")
            .WithDescription("The `ETag` header is the revision, to send back as `If-Match` with a PUT.")
            .Produces<IncidentDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        incidents.MapPut("/{id}", Put)
            .RequireWrite(Policies.Write)
            .WithName("PutIncident")
            .WithSummary("Create or update an incident from its Markdown")
            .WithDescription(
                "The body is the incident's Markdown file (`Content-Type: text/markdown`, UTF-8, at most 1 MB); its front-matter " +
                "`id` must be the id in the URL. It is validated for the status it declares: every problem is answered at once " +
                "(400, with `problems`: line, message, fix). A new id needs no condition. **Changing an existing incident requires " +
                "`If-Match`**: GET the incident, and send its `ETag` back as `If-Match: \"<revision>\"`; the change is saved only over " +
                "that revision (412 when someone saved in between), so that nobody's change is silently overwritten. Without it, a PUT " +
                "to an existing incident is answered 428 and changes nothing. `If-Match: *` updates an existing incident whatever its " +
                "revision, `If-None-Match: *` only creates one. 507 when the disk holding the data directory is full: nothing was saved.")
            // The body is read by hand (size, encoding, media type all answered as problems), so it is described here;
            // .Accepts() would make routing answer a wrong Content-Type before the handler could explain it.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The incident's Markdown file: YAML front matter, then its sections.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [MarkdownBody.MediaTypes[0]] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                };
                return Task.CompletedTask;
            })
            .Produces<IncidentDetails>(StatusCodes.Status200OK)
            .Produces<IncidentDetails>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage);

        incidents.MapDelete("/{id}", Delete)
            .RequireWrite(Policies.Admin)
            .WithName("DeleteIncident")
            .WithSummary("Delete an incident")
            .WithDescription("Its revisions stay, with one more that records the deletion. `If-Match: \"<revision>\"` deletes only that revision.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        incidents.MapGet("/{id}/revisions", Revisions)
            .WithName("ListIncidentRevisions")
            .WithSummary("An incident's revisions, oldest first")
            .WithDescription("Who saved each revision and when; the full Markdown of each only with `markdown=true`. A deleted incident keeps its revisions.")
            .Produces<RevisionList>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The filters and paging of <c>GET /api/incidents</c>.</summary>
    internal sealed class IncidentQuery
    {
        [Description("A gap id (or a former id of a renamed gap).")]
        [FromQuery(Name = "gap")]
        public string? Gap { get; init; }

        [Description("A difference id, from the differences list.")]
        [FromQuery(Name = "difference")]
        public string? Difference { get; init; }

        [Description("A service name, as written in the incidents.")]
        [FromQuery(Name = "service")]
        public string? Service { get; init; }

        [Description("A team name, as written in the incidents.")]
        [FromQuery(Name = "team")]
        public string? Team { get; init; }

        [Description("sev1 .. sev4.")]
        [FromQuery(Name = "severity")]
        public string? Severity { get; init; }

        [Description("draft, in-review, published or imported.")]
        [FromQuery(Name = "status")]
        public string? Status { get; init; }

        [Description("incident (also records without a kind) or near-miss.")]
        [FromQuery(Name = "kind")]
        public string? Kind { get; init; }

        [Description("A gap id (or a former id) that a near miss names in `caught-by`.")]
        [FromQuery(Name = "caught-by")]
        public string? CaughtBy { get; init; }

        [Description("Incidents that started on or after this day (YYYY-MM-DD, UTC).")]
        [FromQuery(Name = "from")]
        public string? From { get; init; }

        [Description("Incidents that started on or before this day (YYYY-MM-DD, UTC).")]
        [FromQuery(Name = "to")]
        public string? To { get; init; }

        [Description("How many incidents to answer: 0 to 500, 50 when not given.")]
        [FromQuery(Name = "limit")]
        public int? Limit { get; init; }

        [Description("How many matching incidents to skip, newest first.")]
        [FromQuery(Name = "offset")]
        public int? Offset { get; init; }
    }

    private static IResult List([AsParameters] IncidentQuery query, IncidentStore store, GapTaxonomy taxonomy)
    {
        var errors = new List<string>();
        var limit = query.Limit ?? DefaultLimit;
        if (limit is < 0 or > MaxLimit) errors.Add($"limit must be from 0 to {MaxLimit} (got {limit}).");
        var offset = query.Offset ?? 0;
        if (offset < 0) errors.Add($"offset must be 0 or more (got {offset}).");

        string? gap = null;
        if (query.Gap is { } gapId)
        {
            gap = taxonomy.FindGap(gapId)?.Id;
            if (gap is null) errors.Add($"Gap '{gapId}' is unknown.{EditDistance.DidYouMean(gapId, taxonomy.GapIdsAndAliases)} GET /api/gaps lists them.");
        }
        if (query.Difference is { } difference && taxonomy.FindDifference(difference) is null)
            errors.Add($"Difference '{difference}' is unknown. Use one of: {string.Join(", ", taxonomy.Differences.Select(d => d.Id))}.");
        if (query.Severity is { } severity && !IncidentSeverity.All.Contains(severity))
            errors.Add($"Severity '{severity}' is unknown. Use one of: {string.Join(", ", IncidentSeverity.All)}.");
        if (query.Status is { } status && !IncidentStatus.All.Contains(status))
            errors.Add($"Status '{status}' is unknown. Use one of: {string.Join(", ", IncidentStatus.All)}.");
        if (query.Kind is { } kind && !RecordKind.All.Contains(kind))
            errors.Add($"Kind '{kind}' is unknown. Use one of: {string.Join(", ", RecordKind.All)}.{EditDistance.DidYouMean(kind, RecordKind.All)}");
        string? caughtBy = null;
        if (query.CaughtBy is { } caughtById)
        {
            caughtBy = taxonomy.FindGap(caughtById)?.Id;
            if (caughtBy is null) errors.Add($"Gap '{caughtById}' (caught-by) is unknown.{EditDistance.DidYouMean(caughtById, taxonomy.GapIdsAndAliases)} GET /api/gaps lists them.");
        }
        var from = Day(query.From, "from", errors);
        var to = Day(query.To, "to", errors);
        if (from > to) errors.Add($"from ({query.From}) is after to ({query.To}).");
        if (errors.Count > 0) return ApiProblems.BadRequest("Bad filter", string.Join(" ", errors));

        var filter = new IncidentFilter
        {
            Gap = gap,
            Difference = query.Difference is { } d ? taxonomy.FindDifference(d)!.Id : null,
            Service = query.Service,
            Team = query.Team,
            Severity = query.Severity,
            Status = query.Status,
            Kind = query.Kind,
            CaughtBy = caughtBy,
            From = from is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            // The filter's upper bound is exclusive; a day given as "to" includes that whole day.
            To = to is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        };
        var (page, total) = store.Query(filter, offset, limit);
        return TypedResults.Ok(new IncidentPage(total, limit, offset, page.Select(IncidentListItem.From).ToList()));
    }

    private static DateOnly? Day(string? text, string name, List<string> errors)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add($"{name} must be a day written YYYY-MM-DD (got '{text}').");
        return null;
    }

    private static IResult Get(string id, HttpResponse response, IncidentStore store)
    {
        if (store.Get(id) is not { } stored) return NoIncident(id);
        response.Headers.ETag = ETag(stored.Revision);
        return TypedResults.Ok(IncidentDetails.From(stored, withMarkdown: true));
    }

    private static async Task<IResult> Put(
        string id, HttpRequest request, IncidentStore store, IncidentValidator validator, CurrentAuthor author, CancellationToken cancellationToken)
    {
        var (text, bodyProblem) = await MarkdownBody.ReadAsync(request, cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        var (expectedRevision, preconditionProblem) = ReadPreconditions(request, store, id);
        if (preconditionProblem is not null) return preconditionProblem;
        // Without a condition, a PUT may only create: an update must say which revision it changes.
        var conditional = request.Headers.IfMatch.Count > 0 || request.Headers.IfNoneMatch.Count > 0;
        if (!conditional && store.Exists(id)) return IfMatchRequired(id);

        IncidentDocument document;
        List<Problem> problems;
        try
        {
            document = IncidentDocument.Parse(text!, $"{id}.md");
            problems = validator.Validate(document).ToList();
        }
        catch (InvalidOperationException)
        {
            return ApiProblems.Invalid("Nothing was saved. The front matter could not be read.", [UnreadableFrontMatter.Problem(text!, $"{id}.md")]);
        }
        if (document.Incident.Id is { } documentId && documentId != id)
        {
            problems.Add(new Problem(document.File, document.LineOf("id"), $"The front matter's id '{documentId}' is not the id in the URL, '{id}'",
                $"PUT the incident to /api/incidents/{documentId}, or change its id to '{id}'"));
        }
        if (problems.Any(p => !p.IsWarning))
        {
            return ApiProblems.Invalid(
                "Nothing was saved. Fix every problem listed (each with its line in the Markdown) and PUT the incident again.",
                problems.OrderBy(p => p.Line));
        }

        SaveResult result;
        try
        {
            result = store.Save(document, author.Name, expectedRevision: conditional ? expectedRevision : 0);
        }
        catch (ConcurrentEditException conflict)
        {
            return conditional || conflict.Current is null
                ? ApiProblems.PreconditionFailed($"Nothing was saved. {conflict.Message}", conflict.Current?.Revision)
                : IfMatchRequired(id);
        }

        var stored = store.Get(id)!;
        request.HttpContext.Response.Headers.ETag = ETag(stored.Revision);
        var answer = IncidentDetails.From(stored, withMarkdown: false);
        return result.Outcome == SaveOutcome.Created
            ? TypedResults.Created($"/api/incidents/{Uri.EscapeDataString(id)}", answer)
            : TypedResults.Ok(answer);
    }

    /// <summary>
    /// What the conditional headers ask of a save: <c>If-Match: "3"</c> only over revision 3, <c>If-Match: *</c> only an
    /// existing incident, <c>If-None-Match: *</c> only a new one (revision 0).
    /// </summary>
    private static (int? ExpectedRevision, IResult? Problem) ReadPreconditions(HttpRequest request, IncidentStore store, string id)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString().Trim();
        if (ifNoneMatch.Length > 0)
        {
            return ifNoneMatch == "*"
                ? (0, null)
                : (null, ApiProblems.BadRequest("Bad If-None-Match", "Only 'If-None-Match: *' (create, never update) is understood."));
        }
        var ifMatch = request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length == 0) return (null, null);
        if (ifMatch == "*")
        {
            return store.Exists(id)
                ? (null, null)
                : (null, ApiProblems.PreconditionFailed($"Nothing was saved. 'If-Match: *' updates an existing incident, and there is no incident '{id}'.", null));
        }
        if (EntityTagHeaderValue.TryParse(ifMatch, out var tag)
            && int.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            return (revision, null);
        }
        return (null, ApiProblems.BadRequest("Bad If-Match",
            $"If-Match must be the revision the change is based on, in quotes, as GET answers it in ETag: If-Match: \"3\" (got '{ifMatch}')."));
    }

    private static IResult Delete(string id, HttpRequest request, IncidentStore store, CurrentAuthor author)
    {
        if (store.Get(id) is not { } stored) return NoIncident(id);
        var (expected, problem) = ReadPreconditions(request, store, id);
        if (problem is not null) return problem;
        if (expected is { } revision && revision != stored.Revision)
        {
            return ApiProblems.PreconditionFailed(
                $"Nothing was deleted. Incident '{id}' is at revision {stored.Revision} (saved by {stored.UpdatedBy} at {stored.UpdatedAt:yyyy-MM-dd HH:mm}Z), not {revision}.",
                stored.Revision);
        }
        return store.Delete(id, author.Name) ? TypedResults.NoContent() : NoIncident(id);
    }

    private static IResult Revisions(string id, [Description("true to include each revision's full Markdown.")] bool? markdown, IncidentStore store)
    {
        var revisions = store.Revisions(id);
        if (revisions.Count == 0) return NoIncident(id);
        return TypedResults.Ok(new RevisionList(id, revisions.Select(r => RevisionItem.From(r, markdown == true)).ToList()));
    }

    private static IResult IfMatchRequired(string id) => ApiProblems.PreconditionRequired(
        $"Nothing was saved. Incident '{id}' already exists, and a change to it must say which revision it changes: " +
        $"GET /api/incidents/{id}, then PUT with its ETag in If-Match (for example If-Match: \"3\"). " +
        "A change saved by someone else in between is then answered 412 instead of being overwritten.");

    private static IResult NoIncident(string id) => ApiProblems.NotFound($"There is no incident with id '{id}'.");

    private static string ETag(int revision) => $"\"{revision.ToString(CultureInfo.InvariantCulture)}\"";
}

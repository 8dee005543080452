using Postmortems.Core.Format;

namespace Postmortems.Web.Components.Pages.Style;

/// <summary>What the hints say about a status: in review and published, the findings that remain are listed but never block.</summary>
public static class StyleStatus
{
    public static bool IsMovingOn(string? status) => status is IncidentStatus.InReview or IncidentStatus.Published;

    public static string Remaining(string? status, int count) =>
        $"{Count(count)} left in {(status == IncidentStatus.Published ? "this published" : "this in-review")} incident: worth a look, they do not block {(status == IncidentStatus.Published ? "publishing" : "the review")}.";

    public static string Count(int count) => count == 1 ? "1 blameless-wording hint" : $"{count} blameless-wording hints";
}

namespace Postmortems.Web.Api;

/// <summary>
/// Who a save from the web app or the API is recorded as. Until sign-in exists (issue 8) that is everyone's
/// "anonymous"; this is the one place that will then read the signed-in user.
/// </summary>
public sealed class CurrentAuthor
{
    public const string Anonymous = "anonymous";

    public string Name => Anonymous;
}

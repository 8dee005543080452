using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Postmortems.Web.Tests.Hostile;

/// <summary>What a page that shows hostile text must not contain: a script of its own, a handler, a dangerous address.</summary>
internal static class HostilePage
{
    private static readonly string[] ForbiddenInBody =
        ["script", "iframe", "frame", "object", "embed", "form", "meta", "base", "svg", "math", "style", "link", "button", "details", "textarea", "select"];

    private static readonly string[] AppScriptFolders = ["_framework/", "_content/MudBlazor/", "Components/", "js/"];

    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster", "background"];

    /// <summary>Every reason the page could run a payload, empty when it cannot.</summary>
    public static List<string> Dangers(string html, string bodySelector = "article.incident-body")
    {
        var document = new HtmlParser().ParseDocument(html);
        var dangers = new List<string>();
        foreach (var script in document.QuerySelectorAll("script"))
        {
            var src = script.GetAttribute("src") ?? "";
            var ours = AppScriptFolders.Any(folder => src.StartsWith(folder, StringComparison.Ordinal))
                       || script.GetAttribute("type") == "importmap" && script.HasAttribute("nonce");
            if (!ours) dangers.Add($"a script that is not the app's: {script.OuterHtml[..Math.Min(120, script.OuterHtml.Length)]}");
        }
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                    dangers.Add($"<{element.LocalName} {attribute.Name}=\"{attribute.Value}\">");
                if (UrlAttributes.Contains(attribute.Name, StringComparer.OrdinalIgnoreCase) && IsDangerousUrl(attribute.Value))
                    dangers.Add($"<{element.LocalName} {attribute.Name}=\"{attribute.Value}\">");
                if (attribute.Name == "style" && (attribute.Value.Contains("url(", StringComparison.OrdinalIgnoreCase) || attribute.Value.Contains("expression", StringComparison.OrdinalIgnoreCase)))
                    dangers.Add($"<{element.LocalName} style=\"{attribute.Value}\">");
            }
        }
        foreach (var body in document.QuerySelectorAll(bodySelector))
        {
            dangers.AddRange(body.Descendants<IElement>().Where(e => ForbiddenInBody.Contains(e.LocalName)).Select(e => $"a <{e.LocalName}> in the rendered text"));
        }
        return dangers;
    }

    private static bool IsDangerousUrl(string value)
    {
        var squeezed = new string(value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
        return squeezed.StartsWith("javascript:", StringComparison.Ordinal) || squeezed.StartsWith("vbscript:", StringComparison.Ordinal)
               || squeezed.StartsWith("data:", StringComparison.Ordinal);
    }
}

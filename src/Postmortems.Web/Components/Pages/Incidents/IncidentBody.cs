using Postmortems.Core.Format;

namespace Postmortems.Web.Components.Pages.Incidents;

/// <summary>What of an incident's Markdown the incident page renders as its body.</summary>
public static class IncidentBody
{
    /// <summary>
    /// The Markdown without its action-items section when that section holds nothing but the items: the action-items
    /// card beside the body shows each of them with its state, owner and due date, and twice is once too many. A section
    /// with anything else in it (prose, a sub-heading, nested lines) is kept whole, so that nothing written is hidden.
    /// </summary>
    public static string WithoutActionItemList(string markdown, Incident incident)
    {
        // The same section the parser reads the items from.
        var section = incident.Sections.FirstOrDefault(s => s.Standard == StandardSections.ActionItems);
        if (section is null || incident.ActionItems.Count == 0) return markdown;

        var lines = markdown.Split('\n');
        var next = incident.Sections.FirstOrDefault(s => s.Line > section.Line)?.Line ?? lines.Length + 1;
        var itemLines = incident.ActionItems.Select(item => item.Line).ToHashSet();
        for (var line = section.Line + 1; line < next; line++)
        {
            if (!itemLines.Contains(line) && !string.IsNullOrWhiteSpace(lines[line - 1])) return markdown;
        }
        return string.Join('\n', lines[..(section.Line - 1)].Concat(lines[(next - 1)..]));
    }
}

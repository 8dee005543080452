using Postmortems.Core.Import.Documents;

namespace Postmortems.Core.Import;

public static partial class ArchiveConverter
{
    /// <summary>
    /// Plans a converted document (Word, Confluence) as free-form Markdown, with what the source states outside its
    /// text: its title when none was found in it, its last-modified date, kept as <c>last-modified</c>.
    /// </summary>
    public static ConversionPlan Plan(Format.IncidentDocument converted, string relativePath, ConvertedDocument source)
    {
        var plan = PlanFreeForm(converted.Text, relativePath);
        plan.Format = source.Format;
        if (source.Title is { } title && !plan.Mapped.Any(m => m.StartsWith("title ", StringComparison.Ordinal)))
        {
            plan.Guessed.RemoveAll(g => g.StartsWith("title ", StringComparison.Ordinal));
            plan.Title = title;
            plan.Mapped.Add("title ← the document's properties");
        }
        if (source.LastModified is { } modified)
        {
            plan.YamlBefore = $"last-modified: {Format.IncidentWriter.FormatDate(modified)}\n";
            plan.Mapped.Add("last-modified ← the document's last-modified date");
            if (plan.Date is null)
            {
                plan.Date = modified;
                plan.Guessed.Add("date ← when the document was last modified (the incident may be earlier)");
            }
        }
        return plan;
    }
}

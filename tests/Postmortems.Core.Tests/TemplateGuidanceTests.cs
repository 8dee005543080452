using Postmortems.Core.Format;
using Postmortems.Core.Validation;
using Postmortems.Tests;

namespace Postmortems.Core.Tests;

public sealed class TemplateGuidanceTests
{
    private static readonly string Template = File.ReadAllText(Path.Combine(TestPaths.Content, IncidentDocument.TemplateFileName));

    /// <summary>The template as the editor starts a new postmortem: today's date wherever it asks for one.</summary>
    private static string FromTemplate(string status) =>
        IncidentEdits.SetStatus(Template.Replace("YYYY-MM-DD", "2026-03-14", StringComparison.Ordinal), status);

    [Fact]
    public void Every_line_of_guidance_in_the_template_is_recognised()
    {
        var document = IncidentDocument.Parse(Template);
        var body = Template.Split('\n').Skip(document.FrontMatter.ClosingLine)
            .Where(line => line.Trim().Length > 0 && !line.StartsWith("##", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(body);
        Assert.All(body, line => Assert.True(TemplateGuidance.IsGuidance(line), $"not recognised as guidance: {line}"));
        Assert.Equal(TemplateGuidance.Title, document.Incident.Title);
    }

    [Fact]
    public void The_untouched_template_cannot_be_published_and_each_placeholder_is_named_with_its_line()
    {
        var text = FromTemplate(IncidentStatus.Published);
        var problems = new IncidentValidator(Samples.Taxonomy.Value).Validate(IncidentDocument.Parse(text, "new.md"));
        var lines = text.Split('\n');

        var guidance = problems.Where(p => p.Message.Contains("template", StringComparison.Ordinal)).ToList();
        Assert.Contains(guidance, p => p.Message.StartsWith("The title is still", StringComparison.Ordinal) && lines[p.Line - 1].StartsWith("title:", StringComparison.Ordinal));
        Assert.Contains(guidance, p => p.Message.Contains("short-name", StringComparison.Ordinal) && lines[p.Line - 1].StartsWith("id:", StringComparison.Ordinal));
        Assert.Contains(guidance, p => lines[p.Line - 1] == "- HH:MM what happened");
        Assert.Contains(guidance, p => lines[p.Line - 1] == "- [ ] What will change @owner due:2026-03-14");
        Assert.Equal(6 + 2, guidance.Count);
        Assert.All(guidance, p => Assert.False(p.IsWarning));
        Assert.All(guidance, p => Assert.Equal("new.md", p.File));
    }

    [Fact]
    public void A_draft_may_hold_guidance()
    {
        var problems = new IncidentValidator(Samples.Taxonomy.Value).Validate(IncidentDocument.Parse(FromTemplate(IncidentStatus.Draft)));

        Assert.DoesNotContain(problems, p => p.Message.Contains("template", StringComparison.Ordinal));
    }

    [Fact]
    public void Guidance_replaced_by_real_text_is_not_a_problem()
    {
        var text = FromTemplate(IncidentStatus.Published)
            .Replace(TemplateGuidance.Title, "Checkout timed out when the pool fell back to the dev default", StringComparison.Ordinal)
            .Replace("short-name", "checkout-pool", StringComparison.Ordinal)
            .Replace("- HH:MM what happened", "- 14:02 deploy v412 reaches 100%", StringComparison.Ordinal);
        var problems = new IncidentValidator(Samples.Taxonomy.Value).Validate(IncidentDocument.Parse(text));

        Assert.DoesNotContain(problems, p => p.Message.Contains("title is still", StringComparison.Ordinal) || p.Message.Contains("short-name", StringComparison.Ordinal));
        Assert.Equal(5, problems.Count(p => p.Message.Contains("guidance", StringComparison.Ordinal)));
    }
}

using Markdig;

namespace Postmortems.Core.Format;

public static class MarkdownPipelines
{
    /// <summary>
    /// The one pipeline for incident files, built once: Markdig pipelines are immutable and thread-safe.
    /// Raw HTML is escaped rather than rendered; what is rendered still goes through the sanitizer.
    /// </summary>
    public static readonly MarkdownPipeline Incident = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseGridTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseAutoIdentifiers()
        .UseEmphasisExtras()
        .UseFootnotes()
        .UseDefinitionLists()
        .UseListExtras()
        .DisableHtml()
        .Build();
}

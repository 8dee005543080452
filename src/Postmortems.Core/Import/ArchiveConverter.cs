using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Postmortems.Core.Format;
using Postmortems.Core.Validation;
using YamlDotNet.RepresentationModel;

namespace Postmortems.Core.Import;

public static class SourceFormat
{
    public const string Native = "native";
    public const string ForeignFrontMatter = "foreign-front-matter";
    public const string FreeForm = "free-form";
}

/// <summary>
/// What an archive file becomes: native front matter put in front of the original text, which is kept as it was
/// (foreign keys that would clash with ours are renamed <c>source-KEY</c>, nothing else changes). Headings are not
/// rewritten: <see cref="SectionNames"/> reads them.
/// </summary>
public sealed class ConversionPlan
{
    internal ConversionPlan(string format) => Format = format;

    public string Format { get; internal set; }
    public string? Title { get; internal set; }
    public DateTimeOffset? Date { get; internal set; }
    public string? Duration { get; internal set; }
    public List<string> Services { get; } = [];
    public List<string> Tags { get; } = [];

    /// <summary>Fields taken from where the archive states them ("title ← front matter 'title'").</summary>
    public List<string> Mapped { get; } = [];

    /// <summary>Fields inferred from the text, which a person should check ("date ← first date in the text: '22nd June 2021'").</summary>
    public List<string> Guessed { get; } = [];

    internal string YamlBefore { get; set; } = "";
    internal string YamlAfter { get; set; } = "";
    internal string Body { get; set; } = "";
    internal bool KeepsOwnTitle { get; set; }

    /// <summary>The id a new incident would get: its date and title as a slug.</summary>
    public string ProposedId()
    {
        var date = Date is { } d ? d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "-" : "";
        var title = IncidentValidator.SlugFrom(Title ?? "incident");
        if (title.Length > 60) title = title[..60].TrimEnd('-');
        return (date + title).Trim('-');
    }

    public string ToMarkdown(string id, string sourcePath, string sha256)
    {
        var yaml = new StringBuilder();
        yaml.Append("id: ").Append(id).Append('\n');
        if (!KeepsOwnTitle) yaml.Append("title: ").Append(IncidentWriter.Quote(Title ?? id)).Append('\n');
        if (Date is { } date) yaml.Append("date: ").Append(IncidentWriter.FormatDate(date)).Append('\n');
        yaml.Append("status: ").Append(IncidentStatus.Imported).Append('\n');
        if (Services.Count > 0) yaml.Append("services: [").Append(string.Join(", ", Services.Select(IncidentWriter.Quote))).Append("]\n");
        if (Duration is not null) yaml.Append("duration: ").Append(Duration).Append('\n');
        if (Tags.Count > 0) yaml.Append("tags: [").Append(string.Join(", ", Tags.Select(IncidentWriter.Quote))).Append("]\n");
        yaml.Append("source:\n  path: ").Append(IncidentWriter.Quote(sourcePath)).Append("\n  sha256: ").Append(sha256).Append('\n');

        var text = new StringBuilder("---\n");
        if (YamlBefore.Length > 0)
        {
            text.Append(YamlBefore);
            if (!YamlBefore.EndsWith('\n')) text.Append('\n');
        }
        text.Append(yaml).Append(YamlAfter.Length > 0 ? YamlAfter : "---\n");
        if (Format != SourceFormat.ForeignFrontMatter && !Body.StartsWith('\n') && !Body.StartsWith("\r\n", StringComparison.Ordinal)) text.Append('\n');
        return text.Append(Body).ToString();
    }
}

public static partial class ArchiveConverter
{
    private static readonly string[] TitleKeys = ["title", "name", "headline", "subject"];
    private static readonly string[] StartKeys = ["start_time", "start-time", "started_at", "start", "date", "incident_date", "occurred_at", "began"];
    private static readonly string[] EndKeys = ["end_time", "end-time", "ended_at", "end", "resolved_at"];
    private static readonly string[] PublishedKeys = ["source_published_at", "published_at", "published", "created_at", "created"];
    private static readonly string[] ServiceKeys = ["product", "service", "services", "system", "component", "components"];
    private static readonly string[] OrganisationKeys = ["company", "organization", "organisation", "org"];
    private static readonly string[] TagKeys = ["categories", "category", "keywords", "tags", "labels"];
    private static readonly string[] SummaryKeys = ["summary", "description", "abstract"];

    /// <summary>The keys the importer writes; a foreign key of the same name is renamed source-KEY so that both are kept.</summary>
    private static readonly string[] WrittenKeys = ["id", "date", "status", "services", "duration", "tags", "source", "severity", "gaps", "differences", "teams", "authors", "detected-by"];

    /// <summary>Plans the conversion of a file that has front matter in another schema, or none at all.</summary>
    public static ConversionPlan Plan(IncidentDocument document, string relativePath)
    {
        var text = document.Text.TrimStart('\uFEFF');
        var frontMatter = document.FrontMatter;
        return frontMatter.Readable && frontMatter.Present && frontMatter.Keys.Count > 0
            ? PlanForeignFrontMatter(document, text, relativePath)
            : PlanFreeForm(text, relativePath);
    }

    private static ConversionPlan PlanForeignFrontMatter(IncidentDocument document, string text, string relativePath)
    {
        var frontMatter = document.FrontMatter;
        var map = frontMatter.Mapping;
        var plan = new ConversionPlan(SourceFormat.ForeignFrontMatter)
        {
            Body = text[frontMatter.BodyStart..],
            YamlAfter = text[(frontMatter.YamlStart + frontMatter.Yaml.Length)..frontMatter.BodyStart],
        };

        var titleKey = TitleKeys.FirstOrDefault(k => map.Scalar(k) is not null);
        if (titleKey is not null)
        {
            plan.Title = map.Scalar(titleKey);
            plan.KeepsOwnTitle = titleKey == "title" && document.Incident.Title is not null;
            plan.Mapped.Add($"title ← front matter '{titleKey}'");
        }

        var startKey = StartKeys.FirstOrDefault(k => map.Scalar(k) is { } v && IncidentDocument.TryParseDate(v, out _));
        if (startKey is not null)
        {
            IncidentDocument.TryParseDate(map.Scalar(startKey)!, out var start);
            plan.Date = start;
            plan.Mapped.Add($"date ← front matter '{startKey}'");
            var endKey = EndKeys.FirstOrDefault(k => map.Scalar(k) is { } v && IncidentDocument.TryParseDate(v, out var end) && end > start);
            if (endKey is not null)
            {
                IncidentDocument.TryParseDate(map.Scalar(endKey)!, out var end);
                plan.Duration = TextDurations.Format(end - start);
                plan.Mapped.Add($"duration ← '{startKey}' to '{endKey}'");
            }
        }

        var organisation = OrganisationKeys.Select(k => map.Scalar(k)).FirstOrDefault(v => v is not null);
        foreach (var key in ServiceKeys)
        {
            foreach (var value in map.List(key).Where(v => !plan.Services.Contains(v))) plan.Services.Add(value);
        }
        if (plan.Services.Count > 0) plan.Mapped.Add("services ← front matter " + string.Join(", ", ServiceKeys.Where(k => map.List(k).Count > 0).Select(k => $"'{k}'")));
        else if (organisation is not null)
        {
            plan.Services.Add(organisation);
            plan.Guessed.Add("services ← the organisation, for want of a product or service");
        }

        foreach (var value in TagKeys.SelectMany(k => map.List(k)).Concat(organisation is null ? [] : [organisation]))
        {
            var tag = value.Trim().ToLowerInvariant();
            if (tag.Length > 0 && !plan.Tags.Contains(tag)) plan.Tags.Add(tag);
        }
        if (plan.Tags.Count > 0) plan.Mapped.Add("tags ← front matter " + string.Join(", ", TagKeys.Concat(OrganisationKeys).Where(k => map.List(k).Count > 0).Select(k => $"'{k}'")));

        var summary = SummaryKeys.Select(k => map.Scalar(k)).FirstOrDefault(v => v is not null);
        GuessMissing(plan, plan.Body, summary, organisation, relativePath);
        if (plan.Date is null && map.Scalar("url") is { } url && TextDates.InUrl(url) is { } urlDate)
        {
            plan.Date = urlDate;
            plan.Guessed.Add("date ← the date in the source URL (when the report was published; the incident may be earlier)");
        }
        if (plan.Date is null && PublishedKeys.FirstOrDefault(k => map.Scalar(k) is { } v && IncidentDocument.TryParseDate(v, out _)) is { } publishedKey)
        {
            IncidentDocument.TryParseDate(map.Scalar(publishedKey)!, out var published);
            plan.Date = published;
            plan.Guessed.Add($"date ← front matter '{publishedKey}' (when the report was published; the incident may be earlier)");
        }

        plan.YamlBefore = RenameClashingKeys(frontMatter, plan);
        return plan;
    }

    private static ConversionPlan PlanFreeForm(string text, string relativePath)
    {
        var plan = new ConversionPlan(SourceFormat.FreeForm) { Body = text };
        if (FirstHeading(text) is { } heading)
        {
            plan.Title = heading;
            plan.Mapped.Add("title ← the first heading");
            if (TextDates.First(heading) is { DayKnown: true } titled)
            {
                plan.Date = titled.Date;
                plan.Mapped.Add($"date ← the title ('{titled.Text}')");
            }
        }

        if (plan.Date is null && DateInFileName().Match(Path.GetFileName(relativePath)) is { Success: true } named &&
            IncidentDocument.TryParseDate(named.Value, out var fileDate))
        {
            plan.Date = fileDate;
            plan.Mapped.Add($"date ← the file name ('{named.Value}')");
        }

        foreach (Match category in CategoryLine().Matches(text))
        {
            foreach (var value in category.Groups["value"].Value.Split([',', '/', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var tag = value.ToLowerInvariant();
                if (!plan.Tags.Contains(tag)) plan.Tags.Add(tag);
            }
        }
        if (plan.Tags.Count > 0) plan.Mapped.Add("tags ← the 'Category:' line");

        if (RecoveryLine().Match(text) is { Success: true } recovery && TextDurations.Parse(recovery.Groups["value"].Value) is { } duration)
        {
            plan.Duration = duration;
            plan.Mapped.Add($"duration ← 'Time to recovery: {recovery.Groups["value"].Value.Trim()}'");
        }

        GuessMissing(plan, text, summary: null, organisation: null, relativePath);
        return plan;
    }

    /// <summary>Title and date from the text when the archive does not state them.</summary>
    private static void GuessMissing(ConversionPlan plan, string body, string? summary, string? organisation, string relativePath)
    {
        if (plan.Title is null)
        {
            if (FirstHeading(body) is { } heading)
            {
                plan.Title = heading;
                plan.Guessed.Add("title ← the first heading");
            }
            else if (TitleFromFileName(relativePath) is { } named)
            {
                plan.Title = named;
                plan.Guessed.Add("title ← the file name");
            }
            else if (FirstSentence(summary ?? body) is { } sentence)
            {
                plan.Title = organisation is null ? sentence : $"{organisation}: {sentence}";
                plan.Guessed.Add($"title ← {(organisation is null ? "" : "the organisation and ")}the first sentence of the {(summary is null ? "text" : "summary")}");
            }
            else
            {
                plan.Title = Path.GetFileNameWithoutExtension(relativePath);
                plan.Guessed.Add("title ← the file name");
            }
        }

        var year = FileNameYear().Match(Path.GetFileName(relativePath)) is { Success: true } y ? int.Parse(y.Groups["year"].Value, CultureInfo.InvariantCulture) : (int?)null;
        if (plan.Date is null && TextDates.First(body, year) is { } found)
        {
            plan.Date = found.Date;
            plan.Guessed.Add($"date ← first date in the text: '{found.Text}'{(found.DayKnown ? "" : " (month only)")}");
        }
    }

    private static string RenameClashingKeys(FrontMatter frontMatter, ConversionPlan plan)
    {
        var lines = frontMatter.Yaml.Split('\n');
        foreach (var key in frontMatter.Keys.Where(k => WrittenKeys.Contains(k) || (k == "title" && !plan.KeepsOwnTitle)))
        {
            var index = frontMatter.LineOf(key) - frontMatter.FirstLine;
            if (index < 0 || index >= lines.Length || !lines[index].StartsWith(key, StringComparison.Ordinal)) continue;
            lines[index] = "source-" + lines[index];
            plan.Mapped.Add($"front matter '{key}' kept as 'source-{key}'");
        }
        return string.Join('\n', lines);
    }

    /// <summary>The first level-1 heading (ATX or setext), without inline markup.</summary>
    private static string? FirstHeading(string text)
    {
        var match = AtxTitle().Match(text);
        var setext = SetextTitle().Match(text);
        if (setext.Success && (!match.Success || setext.Index < match.Index)) match = setext;
        if (!match.Success) return null;
        var title = InlineMarkup().Replace(match.Groups["title"].Value, "${text}").Trim().TrimEnd('#').Trim();
        return title.Length > 0 ? title : null;
    }

    private static string? FirstSentence(string text)
    {
        var plain = InlineMarkup().Replace(text, "${text}");
        plain = Whitespace().Replace(plain, " ").Trim();
        if (plain.Length == 0) return null;
        var end = SentenceEnd().Match(plain);
        var sentence = end.Success ? plain[..(end.Index + 1)] : plain;
        if (sentence.Length <= 120) return sentence.TrimEnd('.');
        var cut = sentence.LastIndexOf(' ', 117);
        return sentence[..(cut > 40 ? cut : 117)].TrimEnd(',', ';', ':') + "…";
    }

    /// <summary>A title from a name like "2024-02-28-decide is down.md"; null for names that are ids (uuids, hashes, numbers).</summary>
    private static string? TitleFromFileName(string relativePath)
    {
        var name = LeadingFileNameDate().Replace(Path.GetFileNameWithoutExtension(relativePath), "");
        name = name.Replace('-', ' ').Replace('_', ' ').Trim();
        if (Words().Matches(name).Count < 2) return null;
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>Two or more words of letters: what a file name needs to be a title rather than an id.</summary>
    [GeneratedRegex(@"\b[\p{L}]{2,}\b")]
    private static partial Regex Words();

    [GeneratedRegex(@"(?<!\d)(?<year>(19|20)\d{2})(?!\d)")]
    private static partial Regex FileNameYear();

    [GeneratedRegex(@"^[ ]{0,3}#[ \t]+(?<title>.+?)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex AtxTitle();

    [GeneratedRegex(@"^(?<title>[^\r\n]*\S[^\r\n]*)\r?\n[ ]{0,3}=+[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex SetextTitle();

    /// <summary>Links, images, emphasis and code: keeps their text.</summary>
    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\([^)]*\)|(\*\*|__|\*|_|`)(?<text>[^*_`]+?)\1|<[^>]+>(?<text>)")]
    private static partial Regex InlineMarkup();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[.!?](\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"(19|20)\d{2}-\d{2}-\d{2}")]
    private static partial Regex DateInFileName();

    [GeneratedRegex(@"^((19|20)\d{2}-\d{2}-\d{2}|PM\d{4}-\d+)\s*-?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingFileNameDate();

    [GeneratedRegex(@"^\s*[-*]\s*Category:\s*(?<value>.+?)\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CategoryLine();

    [GeneratedRegex(@"^\s*[-*]\s*Time to (recovery|resolution|recover|resolve):\s*(?<value>.+?)\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex RecoveryLine();
}

using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Postmortems.Core.Import.Chat;

/// <summary>One kind of key moment and the phrases that suggest it.</summary>
public sealed class KeyMoment
{
    public string Moment { get; set; } = "";
    public List<string> Phrases { get; set; } = [];
    public bool FirstOnly { get; set; }
    public bool Bots { get; set; }

    private Regex? _pattern;

    /// <summary>True when the text has one of the phrases as whole words, in any case.</summary>
    public bool Matches(string text) =>
        (_pattern ??= new Regex(@"(?<![\w-])(" + string.Join('|', Phrases.Select(Regex.Escape)) + @")(?![\w-])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled)).IsMatch(text);
}

/// <summary>The phrase list kept in <c>content/chat/key-moments.yml</c>.</summary>
public static class KeyMoments
{
    public const string FileName = "chat/key-moments.yml";

    /// <exception cref="InvalidDataException">The file is missing or not a list of moments with phrases.</exception>
    public static IReadOnlyList<KeyMoment> Load(string contentDirectory)
    {
        var path = Path.Combine(contentDirectory, FileName);
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: no such file; the key-moment phrases for chat drafts are kept there (see content/README.md).");
        try
        {
            var moments = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build()
                .Deserialize<List<KeyMoment>>(File.ReadAllText(path)) ?? [];
            if (moments.FirstOrDefault(m => string.IsNullOrWhiteSpace(m.Moment) || m.Phrases.Count == 0) is { } bad)
                throw new InvalidDataException($"{path}: the moment '{bad.Moment}' needs a name and at least one phrase.");
            return moments;
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path}:{e.Start.Line}: {e.Message} Each entry needs 'moment:' and 'phrases: [...]'.", e);
        }
    }
}

using System.Text;
using Postmortems.Core.Storage;

namespace Postmortems.Web.Components.Pages.Write;

/// <summary>
/// The server's half of how the editor's text travels (wwwroot/js/draft.js): splices small enough for one circuit
/// message, each applied only when it produces the text the browser says it should, so the server's copy is exact or
/// the edit is refused and resent. Never the whole document per keystroke, and never a message over the limit.
/// </summary>
public static class TextSync
{
    /// <summary>FNV-1a over UTF-16 code units, as draft.js computes it.</summary>
    public static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return hash;
    }

    /// <summary>The splice that turns <paramref name="before"/> into <paramref name="after"/>.</summary>
    public static (int Start, int DeleteCount, string Insert) Splice(string before, string after)
    {
        var shorter = Math.Min(before.Length, after.Length);
        var prefix = 0;
        while (prefix < shorter && before[prefix] == after[prefix]) prefix++;
        var suffix = 0;
        while (suffix < shorter - prefix && before[^(suffix + 1)] == after[^(suffix + 1)]) suffix++;
        return (prefix, before.Length - prefix - suffix, after[prefix..^suffix]);
    }

    /// <summary>
    /// Applies a splice from the browser to <paramref name="text"/>: the new text when it has the length and hash the
    /// browser computed, else the answer that tells the browser what the server has.
    /// </summary>
    public static EditAnswer Apply(ref string text, int start, int deleteCount, string? insert, int expectedLength, uint expectedHash)
    {
        insert ??= "";
        if (start < 0 || deleteCount < 0 || start > text.Length || deleteCount > text.Length - start
            || text.Length - deleteCount + insert.Length != expectedLength)
            return EditAnswer.Refused(text);
        var next = string.Concat(text.AsSpan(0, start), insert, text.AsSpan(start + deleteCount));
        if (Hash(next) != expectedHash) return EditAnswer.Refused(text);
        var bytes = Encoding.UTF8.GetByteCount(next);
        if (bytes > IncidentFiles.MaxBytes)
            return EditAnswer.Refused(text) with
            {
                TooLarge = true,
                Message = $"The text is {bytes / 1024:N0} KB, over the {IncidentFiles.MaxBytes / 1024 / 1024} MB an incident may be. " +
                    "What you typed is kept in this browser, but the server has the text as it was before it grew past the limit: shorten it to go on.",
            };
        text = next;
        return new EditAnswer(true, next.Length, expectedHash);
    }
}

/// <summary>The server's answer to one edit: applied, or not, with the length and hash of the text it has.</summary>
public sealed record EditAnswer(bool Applied, int Length, uint Hash)
{
    public bool TooLarge { get; init; }

    public string? Message { get; init; }

    public static EditAnswer Refused(string text) => new(false, text.Length, TextSync.Hash(text));
}

/// <summary>What draft.js answers when asked for the text's length and hash after sending everything.</summary>
public sealed record TextCheck(int Length, uint Hash);

/// <summary>What the browser had kept of a draft that differed from the stored text; its text comes as edits.</summary>
public sealed record KeptCopy(int BaseRevision, DateTimeOffset? SavedAt, int Length);

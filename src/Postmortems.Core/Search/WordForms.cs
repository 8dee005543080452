using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Postmortems.Core.Search;

/// <summary>
/// Where the Porter stemmer leaves forms of one word apart, one term for all of them, at index and query time alike.
/// "The automatic failover failed to promote the replica" and "the automation never promoted a replica after the
/// failure" are about the same thing; stemmed, they shared only "replica" and "promot". Two gaps: the past forms of
/// irregular verbs (ran, broke, took, lost), and nouns the stemmer cuts differently from their verb.
/// </summary>
internal static class WordForms
{
    /// <summary>
    /// Irregular past forms, read before stemming, as their present form. Not the forms with another common meaning
    /// in an incident ("found", "left", "bound", "led", "lay", "wound").
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Irregular = Table(
        "run: ran; break: broke, broken; take: took, taken; lose: lost; begin: began, begun; bring: brought; build: built; "
        + "catch: caught; choose: chose, chosen; drive: drove, driven; fall: fell, fallen; freeze: froze, frozen; "
        + "give: gave, given; grow: grew, grown; hold: held; hang: hung; keep: kept; know: knew, known; make: made; "
        + "mean: meant; pay: paid; rise: rose, risen; send: sent; sell: sold; spend: spent; spin: spun; stick: stuck; "
        + "strike: struck; think: thought; throw: threw, thrown; tell: told; write: wrote, written; "
        + "overwrite: overwrote, overwritten; rewrite: rewrote, rewritten; forget: forgot, forgotten; steal: stole, stolen; "
        + "tear: tore, torn; fly: flew, flown; fight: fought; hide: hid, hidden; wake: woke, woken; undo: undid, undone; "
        + "withdraw: withdrew, withdrawn; overrun: overran; shake: shook, shaken; slide: slid; blow: blew, blown; "
        + "draw: drew, drawn; eat: ate, eaten; swing: swung; sweep: swept; feed: fed; bleed: bled; dig: dug; flee: fled; "
        + "sleep: slept; speak: spoke, spoken; go: went, gone; do: did, done; see: saw, seen; get: got, gotten; come: came; "
        + "become: became; feel: felt; stand: stood; understand: understood; buy: bought; teach: taught; seek: sought; meet: met");

    /// <summary>
    /// Stems the Porter stemmer makes of a noun or adjective, as the stem of its verb or noun: the word families of the
    /// corpus of public postmortems that it leaves apart most often (failure/fail in 150 incidents, recovery/recover in
    /// 47, automatic/automation in 37, ...), found by listing the stems that another stem of the corpus begins, and
    /// keeping those of one word. "loss" is lose's noun.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Families = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["failur"] = "fail",
        ["recoveri"] = "recov",
        ["automat"] = "autom",
        ["healthi"] = "health",
        ["notif"] = "notifi",
        ["faulti"] = "fault",
        ["discoveri"] = "discov",
        ["creation"] = "creat",
        ["prioriti"] = "priorit",
        ["queue"] = "queu",
        ["loss"] = "lose",
    };

    private static Dictionary<string, string> Table(string table)
    {
        var forms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in table.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            foreach (var form in entry[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries)) forms.Add(form, entry[..colon].Trim());
        }
        return forms;
    }
}

/// <summary>Replaces each term found in a table by the table's term (terms marked as keywords, the stop words, stay).</summary>
internal sealed class TermTableFilter(TokenStream input, IReadOnlyDictionary<string, string> table) : TokenFilter(input)
{
    private readonly ICharTermAttribute _term = input.AddAttribute<ICharTermAttribute>();
    private readonly IKeywordAttribute _keyword = input.AddAttribute<IKeywordAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        if (!_keyword.IsKeyword && table.TryGetValue(_term.ToString(), out var replacement)) _term.SetEmpty().Append(replacement);
        return true;
    }
}

using System.Diagnostics;
using Xunit.Abstractions;
namespace Postmortems.Core.Tests.DesignCheck;
public sealed class ZzScratchTiming(CorpusDesignCheckStore corpus, ITestOutputHelper output) : IClassFixture<CorpusDesignCheckStore>
{
    [Fact]
    public void Ranks()
    {
        foreach (var t in DesignTexts.All)
        {
            var m = corpus.Index!.MatchText(t.Text, 20);
            var ranks = m.Matches.Select((x, i) => (x.Id, i)).Where(x => t.Corpus.Contains(x.Id)).Select(x => x.i + 1);
            output.WriteLine($"{t.Name,-40} corpus ranks: {string.Join(",", ranks)} | terms: {string.Join(" ", m.Terms.Take(15).Select(x => x.Word))}");
        }
        var doc = CorpusDesignCheckRelevanceTests.TwentyKilobyteDesignDoc();
        for (var round = 0; round < 3; round++)
        {
            var c = Stopwatch.StartNew();
            var m = corpus.Index!.MatchText(doc, 5);
            var tMatch = c.Elapsed.TotalMilliseconds;
            c.Restart();
            corpus.Checker!.Check(doc);
            output.WriteLine($"match {tMatch:0} check {c.Elapsed.TotalMilliseconds:0}");
            if (round == 0) { output.WriteLine(string.Join(", ", m.Terms.Select(t => $"{t.Word}:{t.Count}"))); foreach (var x in m.Matches) output.WriteLine(x.Id + " " + x.Snippet); }
        }
    }
}

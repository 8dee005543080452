using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Postmortems.Core.Search.Lucene;

/// <summary>
/// A text's tokens, analysed once and replayed into as many fields as index it: each section goes into its weighted
/// field and into <see cref="SearchFields.All"/>, and analysis (stemming, synonyms) is most of the cost of indexing.
/// </summary>
internal sealed class AnalyzedText
{
    private char[] _chars = new char[256];
    private int _charCount;
    private readonly List<(int Start, int Length, int Increment, int From, int To)> _tokens = [];
    private int _finalOffset;
    private int _finalIncrement;

    private AnalyzedText() { }

    public static AnalyzedText Read(Analyzer analyzer, string field, string text)
    {
        var analyzed = new AnalyzedText();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            if (analyzed._charCount + term.Length > analyzed._chars.Length)
                Array.Resize(ref analyzed._chars, Math.Max(analyzed._chars.Length * 2, analyzed._charCount + term.Length));
            Array.Copy(term.Buffer, 0, analyzed._chars, analyzed._charCount, term.Length);
            analyzed._tokens.Add((analyzed._charCount, term.Length, increment.PositionIncrement, offset.StartOffset, offset.EndOffset));
            analyzed._charCount += term.Length;
        }
        stream.End();
        analyzed._finalOffset = offset.EndOffset;
        analyzed._finalIncrement = increment.PositionIncrement;
        return analyzed;
    }

    /// <summary>A new stream of the tokens, for one field of one document.</summary>
    public TokenStream Replay() => new ReplayStream(this);

    private sealed class ReplayStream : TokenStream
    {
        private readonly AnalyzedText _text;
        private readonly ICharTermAttribute _term;
        private readonly IPositionIncrementAttribute _increment;
        private readonly IOffsetAttribute _offset;
        private int _next;

        public ReplayStream(AnalyzedText text)
        {
            _text = text;
            _term = AddAttribute<ICharTermAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
        }

        public override bool IncrementToken()
        {
            if (_next >= _text._tokens.Count) return false;
            ClearAttributes();
            var (start, length, increment, from, to) = _text._tokens[_next++];
            _term.CopyBuffer(_text._chars, start, length);
            _increment.PositionIncrement = increment;
            _offset.SetOffset(from, to);
            return true;
        }

        public override void End()
        {
            base.End();
            _increment.PositionIncrement = _text._finalIncrement;
            _offset.SetOffset(_text._finalOffset, _text._finalOffset);
        }

        public override void Reset()
        {
            base.Reset();
            _next = 0;
        }
    }
}

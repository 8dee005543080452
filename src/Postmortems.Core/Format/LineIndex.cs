namespace Postmortems.Core.Format;

/// <summary>Maps character offsets in a text to 1-based line numbers.</summary>
internal sealed class LineIndex
{
    private readonly List<int> _lineStarts = [0];

    public LineIndex(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') _lineStarts.Add(i + 1);
        }
    }

    public int LineCount => _lineStarts.Count;

    public int LineOf(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    public int StartOf(int line) => _lineStarts[Math.Clamp(line - 1, 0, _lineStarts.Count - 1)];
}

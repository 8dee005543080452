namespace Postmortems.Core.Style;

/// <summary>One place where a rule matched the prose of an incident.</summary>
/// <param name="Offset">Where the match starts in the text that was checked (0-based).</param>
/// <param name="Line">1-based line of the match.</param>
/// <param name="Column">1-based column of the match on its line.</param>
/// <param name="Suggestion">A rewording, where the rule has one.</param>
public sealed record StyleFinding(string RuleId, int Offset, int Length, int Line, int Column, string Matched, string Message, string? Suggestion, string Level)
{
    /// <summary>The line a CLI prints: <c>file:line:col: style: message (rule-id)</c>.</summary>
    public string Format(string file) => $"{file}:{Line}:{Column}: style: {Message} ({RuleId})";
}

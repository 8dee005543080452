namespace Postmortems.Core.Storage;

/// <summary>How far a long run over many files or incidents (import, export, reindex, verify) is: for a progress bar.</summary>
public sealed record FileProgress(int Done, int Total, string File);

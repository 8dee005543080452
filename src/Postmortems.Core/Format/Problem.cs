namespace Postmortems.Core.Format;

/// <summary>One thing wrong with a file: where it is, what is wrong, and how to fix it.</summary>
/// <param name="IsWarning">Something to do before the incident can be published, not something wrong with the file.</param>
public sealed record Problem(string File, int Line, string Message, string? Fix = null, bool IsWarning = false)
{
    public override string ToString() =>
        $"{File}:{Line}: {(IsWarning ? "warning: " : "")}{Message}{(Fix is null ? "" : $". {Fix}")}";
}

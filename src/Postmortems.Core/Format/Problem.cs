namespace Postmortems.Core.Format;

/// <summary>One thing wrong with a file: where it is, what is wrong, and how to fix it.</summary>
public sealed record Problem(string File, int Line, string Message, string? Fix = null)
{
    public override string ToString() => Fix is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: {Message}. {Fix}";
}

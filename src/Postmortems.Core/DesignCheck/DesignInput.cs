using System.Globalization;
using System.Text;

namespace Postmortems.Core.DesignCheck;

public enum DesignInputProblemKind { Empty, TooLarge }

/// <summary>Why a design text cannot be checked, in words a person can act on.</summary>
public sealed record DesignInputProblem(DesignInputProblemKind Kind, string Message);

/// <summary>Thrown by <see cref="DesignChecker.Check"/> for input it refuses; nothing was checked.</summary>
public sealed class DesignInputException(DesignInputProblem problem) : Exception(problem.Message)
{
    public DesignInputProblem Problem { get; } = problem;
}

/// <summary>What the design check accepts: some text, at most <see cref="MaxBytes"/> of it as UTF-8.</summary>
public static class DesignInput
{
    /// <summary>100 KB: a long design doc; a whole wiki space is not one change.</summary>
    public const int MaxBytes = 100 * 1024;

    public static DesignInputProblem? Problem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return new DesignInputProblem(DesignInputProblemKind.Empty, "The design text is empty: paste the design, RFC or pull-request description to check.");
        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes > MaxBytes ? TooLarge(bytes) : null;
    }

    /// <summary>The problem for a text of this many bytes; <paramref name="atLeast"/> when it was not read to the end,
    /// so only "more than the limit" is known.</summary>
    public static DesignInputProblem TooLarge(long bytes, bool atLeast = false) =>
        new(DesignInputProblemKind.TooLarge,
            $"The design text is {(atLeast ? $"more than {MaxBytes / 1024}" : Kilobytes(bytes))} KB; the design check reads at most {MaxBytes / 1024} KB. " +
            "Check the sections that describe the change (what changes, rollout, risks) rather than the whole document.");

    /// <summary>Rounded up, so a text just over the limit never reads as "100 KB".</summary>
    private static string Kilobytes(long bytes) => (Math.Ceiling(bytes / 102.4) / 10).ToString("0.#", CultureInfo.InvariantCulture);
}

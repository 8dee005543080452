using Postmortems.Core.Storage;
using Spectre.Console;

namespace Postmortems.Cli;

/// <summary>A progress bar on a terminal; on a pipe or in a test, nothing but the final summary.</summary>
public static class Progress
{
    public static T Run<T>(CliContext context, string label, Func<IProgress<FileProgress>?, T> work)
    {
        if (context.Output != Console.Out || Console.IsOutputRedirected) return work(null);

        return AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label);
                return work(new SynchronousProgress(update =>
                {
                    task.MaxValue = Math.Max(1, update.Total);
                    task.Value = update.Done;
                    task.Description = $"{label} {Markup.Escape(update.File)}";
                }));
            });
    }

    /// <summary>Reports on the caller's thread, in order (System.Progress posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<FileProgress> report) : IProgress<FileProgress>
    {
        public void Report(FileProgress value) => report(value);
    }
}

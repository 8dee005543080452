using System.Diagnostics;
using Postmortems.Core.Import.Chat;
using Postmortems.Tests;

namespace Postmortems.Benchmarks;

/// <summary>
/// <c>--chat-draft</c>: a 2-day channel export of 5,000 messages (zip) made into a draft, end to end, against the
/// 5 s target; and the checks that its timeline is in time order with no message twice.
/// </summary>
public static class ChatDraftBenchmark
{
    public const int Messages = 5_000;
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(5);

    public static int Run(string workDirectory)
    {
        Directory.CreateDirectory(workDirectory);
        var zip = SlackExports.Busy(Messages, days: 2).WriteZip(Path.Combine(workDirectory, "busy-channel.zip"));
        var moments = KeyMoments.Load(TestPaths.Content);
        var runs = new List<double>();
        ChatDraft? draft = null;
        for (var round = 0; round < 5; round++)
        {
            var clock = Stopwatch.StartNew();
            using (var files = ExportFiles.Open(zip))
                draft = new ChatDraftBuilder(moments).Build(SlackExport.Read(files), new ChatDraftOptions());
            runs.Add(clock.Elapsed.TotalSeconds);
        }
        var lines = draft!.Markdown.Split('\n').Where(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal) && l.Contains(" (UTC) ", StringComparison.Ordinal)).ToList();
        var numbers = lines.Select(l => l[(l.IndexOf("message ", StringComparison.Ordinal) + 8)..l.IndexOf(':', l.IndexOf("message ", StringComparison.Ordinal))]).ToList();
        var topLevel = lines.Where(l => l.StartsWith('-')).Select(l => int.Parse(l[(l.IndexOf("message ", StringComparison.Ordinal) + 8)..l.IndexOf(':', l.IndexOf("message ", StringComparison.Ordinal))], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var inOrder = topLevel.SequenceEqual(topLevel.Order());
        var once = numbers.Count == Messages && numbers.Distinct().Count() == Messages;
        Console.WriteLine($"Chat draft: {Messages:N0} messages over 2 days, {new FileInfo(zip).Length / 1024} KB zip: first run {runs[0]:0.000} s, " +
                          $"median of {runs.Count} {runs.Order().ElementAt(runs.Count / 2):0.000} s (target {Target.TotalSeconds:0} s); " +
                          $"{lines.Count} timeline lines, in time order: {inOrder}, every message once: {once}.");
        return runs[0] < Target.TotalSeconds && inOrder && once ? 0 : 1;
    }
}

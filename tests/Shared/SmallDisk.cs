using System.Diagnostics;

namespace Postmortems.Tests;

/// <summary>
/// A small tmpfs mounted on a fresh folder, to see what a full disk does for real; unmounted and deleted on dispose.
/// Mounting needs root (or CAP_SYS_ADMIN): where it cannot mount, <see cref="TryMount"/> says why, and the test skips
/// with that reason, except under CI=true, where it fails.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk TryMount(int megabytes, out string? whyNot)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "postmortems-small-disk", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (exit, error) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        if (exit == 0)
        {
            whyNot = null;
            return new SmallDisk(path);
        }
        Directory.Delete(path);
        whyNot = $"cannot mount a {megabytes} MB tmpfs to fill (mount exited {exit}: {error.Trim()}); it needs root";
        if (Environment.GetEnvironmentVariable("CI") == "true") throw new InvalidOperationException($"Under CI=true the full-disk test must run, but it {whyNot}");
        return null!;
    }

    /// <summary>Writes a file until the disk is full; deleting it frees the space again.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler-" + Guid.NewGuid().ToString("N"));
        var block = new byte[64 * 1024];
        using var stream = new FileStream(filler, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        try
        {
            while (true) stream.Write(block);
        }
        catch (IOException)
        {
            // Full, as wanted. A few bytes may still fit in a partial block: write them one at a time.
            try { while (true) stream.Write(block, 0, 1); }
            catch (IOException) { }
        }
        return filler;
    }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public void Dispose()
    {
        var (exit, _) = Run("umount", Path);
        if (exit != 0) Run("umount", "-l", Path);
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }

    private static (int Exit, string Error) Run(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}

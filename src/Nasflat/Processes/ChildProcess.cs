using System.Collections.Concurrent;
using System.Diagnostics;

namespace Nasflat.Processes;

/// <summary>
/// A worker process that cannot outlive its parent: it gets a <see cref="ParentLifeline"/>, its output arrives line
/// by line, and stopping it first asks it to finish its current write (its lifeline is closed, so it cancels itself)
/// and only kills it, with its own children, when it has not ended within a grace period. Every live child is
/// registered, so a second Ctrl-C can end them all at once (<see cref="KillAll"/>).
/// </summary>
public sealed class ChildProcess : IDisposable
{
    /// <summary>How long a stopped worker may take to finish its current file before it is killed.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(20);

    private static readonly ConcurrentDictionary<ChildProcess, byte> Live = new();
    private readonly Process _process;
    private readonly List<string> _log = [];

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>The output lines that no callback consumed (for error messages), oldest first.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log) return [.. _log];
        }
    }

    /// <summary>
    /// Starts a worker. Each line of its standard output goes to <paramref name="onLine"/>, which returns true when
    /// it consumed the line (e.g. a progress line); other lines, and standard error, are kept in <see cref="Log"/>.
    /// With <paramref name="shareConsole"/> the worker writes to this process's console instead (its own progress
    /// bars stay visible) and nothing is captured.
    /// </summary>
    public static ChildProcess Start(ProcessStartInfo info, Func<string, bool>? onLine = null, bool shareConsole = false)
    {
        info.RedirectStandardOutput = !shareConsole;
        info.RedirectStandardError = !shareConsole;
        info.UseShellExecute = false;
        ParentLifeline.Attach(info);
        var process = Process.Start(info) ?? throw new NasflatException($"Could not start the worker process '{info.FileName}'.");
        var child = new ChildProcess(process);
        Live[child] = 0;
        if (shareConsole) return child;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && !(onLine?.Invoke(line) ?? false)) child.Keep(line);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line) child.Keep(line);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Waits for the worker to end and returns its exit code. On cancellation the worker is stopped
    /// (<see cref="Stop"/>) before <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    public int Wait(CancellationToken cancellation = default)
    {
        try
        {
            _process.WaitForExitAsync(cancellation).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            Stop();
            throw;
        }
        _process.WaitForExit(); // flushes the output callbacks
        return _process.ExitCode;
    }

    /// <summary>Asks the worker to stop (closes its lifeline), waits up to <paramref name="grace"/>, then kills its process tree.</summary>
    public void Stop(TimeSpan? grace = null)
    {
        if (_process.HasExited) return;
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already closed: the worker is on its way out.
        }
        if (!_process.WaitForExit(grace ?? DefaultGrace)) Kill();
    }

    /// <summary>Kills every registered worker and its children now (a second Ctrl-C).</summary>
    public static void KillAll()
    {
        foreach (var child in Live.Keys) child.Kill();
    }

    public void Dispose()
    {
        Stop();
        Live.TryRemove(this, out _);
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }
    }

    private void Keep(string line)
    {
        lock (_log) _log.Add(line);
    }
}

using System.Runtime.InteropServices;
using Nasflat.Processes;

namespace Nasflat.Cli;

/// <summary>
/// How a running command is asked to stop: Ctrl-C (SIGINT), SIGTERM, SIGHUP, or, in a worker, the end of its
/// parent (<see cref="ParentLifeline"/>). The first request cancels <see cref="Token"/>: commands finish the file they
/// are writing (every output is written atomically), stop their workers the same way, and exit with 128 + the signal.
/// A second request, or a command still running a minute later, kills the workers and exits at once.
/// </summary>
internal static class Shutdown
{
    private static readonly CancellationTokenSource Source = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static int _requests;

    /// <summary>Cancelled when the process is asked to stop; never cancelled before <see cref="Install"/>.</summary>
    public static CancellationToken Token => Source.Token;

    /// <summary>The exit code of a stopped command: 130 after Ctrl-C, 143 after SIGTERM, 129 after SIGHUP.</summary>
    public static int ExitCode { get; private set; } = NasflatCli.Cancelled;

    /// <summary>Takes over the termination signals for this process (the CLI's entry point calls it once).</summary>
    public static void Install()
    {
        foreach (var (signal, code) in new[] { (PosixSignal.SIGINT, 130), (PosixSignal.SIGTERM, 143), (PosixSignal.SIGHUP, 129) })
            Registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // the command ends itself, cleanly
                Request(context.Signal.ToString(), code);
            }));
        ParentLifeline.WatchIfAttached(() => Request("the parent process ended", 143));
    }

    private static void Request(string why, int exitCode)
    {
        if (Interlocked.Increment(ref _requests) > 1)
        {
            ChildProcess.KillAll();
            Environment.Exit(exitCode);
        }
        ExitCode = exitCode;
        Console.Error.WriteLine($"nasflat: stopping ({why}); finishing the current write. Press Ctrl-C again to stop at once.");
        new Thread(() =>
        {
            Thread.Sleep(TimeSpan.FromMinutes(1));
            Console.Error.WriteLine("nasflat: still running a minute after the stop request; ending now.");
            ChildProcess.KillAll();
            Environment.Exit(exitCode);
        })
        { IsBackground = true, Name = "nasflat shutdown backstop" }.Start();
        Source.Cancel();
    }
}

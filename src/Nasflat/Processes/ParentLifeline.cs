using System.Diagnostics;

namespace Nasflat.Processes;

/// <summary>
/// Ties a worker process to the process that started it. The parent keeps the write end of the worker's standard
/// input open and never writes to it; the operating system closes it when the parent ends, however it ends (Ctrl-C,
/// SIGTERM, SIGKILL, a crash), and the worker then sees end-of-file and stops. Signals alone cannot do this: a killed
/// parent forwards nothing, and its workers would run on.
/// </summary>
public static class ParentLifeline
{
    /// <summary>Set in a worker's environment when its standard input is its lifeline.</summary>
    public const string EnvironmentVariable = "NASFLAT_LIFELINE";

    /// <summary>Makes a start info give the child a lifeline (redirected standard input, and the marker variable).</summary>
    public static void Attach(ProcessStartInfo info)
    {
        info.RedirectStandardInput = true;
        info.Environment[EnvironmentVariable] = "stdin";
    }

    /// <summary>
    /// In a worker started with <see cref="Attach"/>: calls <paramref name="parentGone"/> once, on a background thread,
    /// when standard input closes. Returns false (and watches nothing) in a process started without a lifeline.
    /// </summary>
    public static bool WatchIfAttached(Action parentGone)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) != "stdin" || !Console.IsInputRedirected) return false;
        // Children of this process get their own lifeline; the marker must not make them read an inherited input.
        Environment.SetEnvironmentVariable(EnvironmentVariable, null);
        var watcher = new Thread(() =>
        {
            try
            {
                using var input = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (input.Read(buffer, 0, buffer.Length) > 0) { }
            }
            catch (IOException)
            {
                // A broken pipe means the same as end-of-file: the parent is gone.
            }
            parentGone();
        })
        { IsBackground = true, Name = "nasflat parent lifeline" };
        watcher.Start();
        return true;
    }
}

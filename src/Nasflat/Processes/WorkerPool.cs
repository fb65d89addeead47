using System.Diagnostics;

namespace Nasflat.Processes;

/// <summary>
/// The one way Nasflat runs worker processes (bench's trial workers, proxy shards, a study's bench runs): all jobs at
/// once, each a <see cref="ChildProcess"/> tied to this process, a periodic tick for the caller to collect what the
/// workers have saved, and one error naming the job, its exit code and its last output when a worker fails. On a
/// failure or a cancellation the other workers are stopped (each finishes the file it is writing) before this returns.
/// </summary>
public static class WorkerPool
{
    /// <param name="Name">How errors call the job, e.g. "bench worker 1" or "proxy shard 0/2".</param>
    /// <param name="OnLine">Receives each line the worker prints; returns true when it consumed the line (e.g. progress).</param>
    /// <param name="ShareConsole">The worker writes to this console directly (its own progress stays visible); nothing is captured.</param>
    public sealed record Job(string Name, ProcessStartInfo Start, Func<string, bool>? OnLine = null, bool ShareConsole = false);

    /// <summary>Runs every job to its end, calling <paramref name="tick"/> every <paramref name="period"/> (default 2 s) and once at the end.</summary>
    public static void Run(IReadOnlyList<Job> jobs, CancellationToken cancellation, Action? tick = null, TimeSpan? period = null)
    {
        var children = new List<(Job Job, ChildProcess Process)>();
        try
        {
            foreach (var job in jobs) children.Add((job, ChildProcess.Start(job.Start, job.OnLine, job.ShareConsole)));
            var running = children.ToList();
            while (running.Count > 0)
            {
                cancellation.WaitHandle.WaitOne(period ?? TimeSpan.FromSeconds(2));
                cancellation.ThrowIfCancellationRequested();
                foreach (var child in running.Where(c => c.Process.HasExited).ToList())
                {
                    int exitCode = child.Process.Wait();
                    if (exitCode != 0) throw Failure(child.Job, exitCode, child.Process.Log);
                    running.Remove(child);
                }
                tick?.Invoke();
            }
        }
        finally
        {
            foreach (var (_, process) in children) process.Dispose();
        }
    }

    private static NasflatException Failure(Job job, int exitCode, IReadOnlyList<string> log)
    {
        if (job.ShareConsole) return new NasflatException($"The {job.Name} failed (exit code {exitCode}); its output is above.");
        // A stack trace fills the tail; the line naming the exception or the error comes before it.
        string cause = log.LastOrDefault(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal)
            && (l.Contains("Exception", StringComparison.Ordinal) || l.StartsWith("error", StringComparison.Ordinal))) ?? "(no error line)";
        return new NasflatException($"The {job.Name} failed (exit code {exitCode}): {cause}\nIts last output:\n{string.Join("\n", log.TakeLast(15))}");
    }
}

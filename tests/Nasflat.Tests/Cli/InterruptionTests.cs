using System.Diagnostics;

namespace Nasflat.Tests.Cli;

/// <summary>
/// Stopping a long command: SIGTERM or the death of the parent ends the worker processes too, no file is left
/// half-written, and the same command resumes where it stopped with the numbers an uninterrupted run gives. These
/// run the real CLI as separate processes, as a user's shell would.
/// </summary>
[Trait("Category", "Slow")]
public class InterruptionTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>A small user task on the quick preset: 6 trials over 2 workers, a few seconds each.</summary>
    private static string[] Bench(string folder) =>
    [
        "bench", "--space", "nb201", "--train", "1080ti_1,gold_6240", "--test", "titanxp_1", "--quick", "--epochs", "30",
        "--pretrain-samples", "16", "--trials", "6", "-k", "10", "-p", "2", "-o", folder,
    ];

    [Fact]
    public void SigtermAndAKilledParentStopTheWorkersAndBenchResumesWithTheSameNumbers()
    {
        using var temp = new TempDirectory();
        string run = Path.Combine(temp.Path, "run"), parts = Path.Combine(run, "parts");

        // SIGTERM: the command stops its workers, keeps the finished trials and exits with 128 + 15.
        var (exitCode, workers, log) = StopWhen(Bench(run), () => PartCount(parts) > 0, "TERM");
        output.WriteLine(log);
        Assert.Equal(143, exitCode);
        Assert.Contains("to resume, run the same command with -o", log);
        AssertAllEnded(workers);
        int afterTerm = Directory.GetFiles(parts).Length;
        Assert.InRange(afterTerm, 1, 4);

        // SIGKILL: the parent cannot do anything, yet its workers see their lifeline close and end.
        (exitCode, workers, log) = StopWhen(Bench(run), () => PartCount(parts) > afterTerm, "KILL");
        Assert.Equal(137, exitCode);
        AssertAllEnded(workers);
        Assert.DoesNotContain(Directory.GetFiles(run, "*.tmp-*", SearchOption.AllDirectories), f => !IsFromKilledParent(f, run));

        // The same command finishes the run, running only what is missing.
        var (resumedCode, resumed) = RunToEnd(Bench(run));
        Assert.Equal(0, resumedCode);
        Assert.Matches(@"Resuming: [1-5] of 6 trials are already in", resumed);

        string fresh = Path.Combine(temp.Path, "fresh");
        var (freshCode, _) = RunToEnd(Bench(fresh));
        Assert.Equal(0, freshCode);
        Assert.Equal(Numbers(fresh), Numbers(run));
    }

    [Fact]
    public void SigtermStopsTheProxyWorkersAndTheSameCommandCompletesEveryCellOnce()
    {
        using var temp = new TempDirectory();
        string[] compute = ["proxies", "compute", "--limit", "40", "-p", "2", "--cache", temp.Path];
        string journals = Path.Combine(temp.Path, "proxies");
        int Recorded() => Directory.Exists(journals)
            ? Directory.GetFiles(journals, "*.journal").Sum(f => File.ReadAllLines(f).Length - 1) : 0;

        var (exitCode, workers, log) = StopWhen(compute, () => Recorded() >= 4, "TERM");
        output.WriteLine(log);
        Assert.Equal(143, exitCode);
        AssertAllEnded(workers);
        int kept = Recorded();
        Assert.InRange(kept, 4, 39);

        var (code, finished) = RunToEnd(compute);
        Assert.Equal(0, code);
        Assert.Contains($"Computed {40 - kept} cells", finished);
        var cells = Directory.GetFiles(journals, "*.journal").SelectMany(f => File.ReadAllLines(f).Skip(1)).Select(l => int.Parse(l.Split(',')[0])).ToList();
        Assert.Equal(Enumerable.Range(0, 40), cells.Order());
    }

    /// <summary>Starts the command, waits until <paramref name="ready"/> holds, then sends the signal.</summary>
    private static (int ExitCode, IReadOnlyList<int> Workers, string Log) StopWhen(string[] args, Func<bool> ready, string signal)
    {
        using var process = Start(args);
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        // The handlers append on other threads, so the log is read under the same lock (also in assertion messages, which
        // are built whether or not they fail).
        string Snapshot() { lock (log) return log.ToString(); }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!ready())
        {
            Assert.False(process.HasExited, $"the run ended before it was interrupted:\n{Snapshot()}");
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"not ready to interrupt after two minutes:\n{Snapshot()}");
            Thread.Sleep(200);
        }
        var workers = ChildrenOf(process.Id);
        Assert.Equal(2, workers.Count);
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString()])) kill.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"still running a minute after SIG{signal}:\n{Snapshot()}");
        process.WaitForExit();
        lock (log) return (process.ExitCode, workers, log.ToString());
    }

    private static int PartCount(string parts) => Directory.Exists(parts) ? Directory.GetFiles(parts, "*.json").Length : 0;

    private static (int ExitCode, string Output) RunToEnd(string[] args) => CliProcess.RunToEnd(args);

    private static Process Start(string[] args) => CliProcess.Start(args);

    private static List<int> ChildrenOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();

    private static void AssertAllEnded(IReadOnlyList<int> workers)
    {
        var deadline = Stopwatch.StartNew();
        while (workers.Any(Alive) && deadline.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(200);
        Assert.False(workers.Any(Alive), $"worker(s) {string.Join(", ", workers.Where(Alive))} outlived their parent");
    }

    // A process that has ended but was not yet reaped is a zombie ("Z"): it runs nothing.
    private static bool Alive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Trim().Split(' ')[0] != "Z";

    // A SIGKILLed parent may have been writing its report at that instant; only such a file may be left.
    private static bool IsFromKilledParent(string file, string run) => Path.GetDirectoryName(file) == run;

    /// <summary>Every trial's metrics, without the timings.</summary>
    private static List<string> Numbers(string run) =>
        File.ReadAllLines(Path.Combine(run, "trials.csv")).Select(line => string.Join(",", line.Split(',').Take(9))).ToList();
}

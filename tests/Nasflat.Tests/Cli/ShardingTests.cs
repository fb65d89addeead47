using System.Diagnostics;

namespace Nasflat.Tests.Cli;

/// <summary>
/// A run split into shards (<c>--shard i/n</c>) and joined (<c>nasflat report</c>) is the run: the same tasks.csv to the
/// byte, whatever n; a shard killed outright is reported failed and running it again completes the run. These run the
/// real CLI as separate processes, as SLURM array tasks would.
/// </summary>
[Trait("Category", "Slow")]
public class ShardingTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>A small user task on the quick preset: 3 trials of a few seconds each.</summary>
    private static string[] Bench(string folder, params string[] extra) =>
    [
        "bench", "--space", "nb201", "--train", "1080ti_1,gold_6240", "--test", "titanxp_1", "--quick", "--epochs", "30",
        "--pretrain-samples", "16", "--trials", "3", "-k", "10", "-o", folder, .. extra,
    ];

    [Fact]
    public void OneTwoAndThreeShardsJoinIntoTheUnshardedTasksCsvByteForByte()
    {
        using var temp = new TempDirectory();
        string unsharded = Path.Combine(temp.Path, "unsharded");
        Assert.Equal(0, Run(Bench(unsharded, "-p", "2")).ExitCode);
        byte[] expected = File.ReadAllBytes(Path.Combine(unsharded, "tasks.csv"));

        foreach (int n in new[] { 1, 2, 3 })
        {
            string run = Path.Combine(temp.Path, $"shards-{n}");
            // All shards but the last at once, as array tasks start; then the join must name the missing one.
            var shardArgs = Enumerable.Range(1, n - 1).Select(i => Bench(run, "--shard", $"{i}/{n}", "-p", "1")).ToList();
            var processes = shardArgs.Select(a => CliProcess.Start(a)).ToList();
            var results = processes.Select((p, i) => CliProcess.Finish(p, shardArgs[i])).ToList();
            Assert.All(results, r => Assert.Equal(0, r.ExitCode));
            if (n > 1)
            {
                var (code, early) = Run(["report", run]);
                Assert.Equal(2, code);
                Assert.Contains($"shard(s) {n}/{n} have not finished", early);
                var (_, status) = Run(["sweep", "status", run]);
                Assert.Matches($@"{n}/{n}\s+│ not started", status);
                Assert.Matches($@"1/{n}\s+│ done", status);
            }
            Assert.Equal(0, Run(Bench(run, "--shard", $"{n}/{n}", "-p", "1")).ExitCode);
            Assert.Equal(0, Run(["report", run]).ExitCode);
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(run, "tasks.csv")));
        }
    }

    [Fact]
    public void AKilledShardIsReportedFailedAndRunningItAgainCompletesTheRun()
    {
        using var temp = new TempDirectory();
        string run = Path.Combine(temp.Path, "run"), parts = Path.Combine(run, "parts");
        var args = Bench(run, "--shard", "1/1", "-p", "1");
        using (var shard = CliProcess.Start(args))
        {
            var deadline = Stopwatch.StartNew();
            while (!Directory.Exists(parts) || Directory.GetFiles(parts, "*.json").Length == 0)
            {
                Assert.False(shard.HasExited, "the shard ended before it could be killed");
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "no trial finished in two minutes");
                Thread.Sleep(200);
            }
            shard.Kill(); // SIGKILL: the shard cannot record anything
            shard.WaitForExit();
        }
        var (_, status) = Run(["sweep", "status", run]);
        Assert.Matches(@"1/1\s+│ failed", status);
        Assert.Contains("is gone (killed?) without finishing", status);
        Assert.Contains("Rerun a failed shard: nasflat bench", status);
        Assert.Equal(2, Run(["report", run]).ExitCode);

        var (again, log) = Run(args);
        Assert.Equal(0, again);
        Assert.Contains("Shard 1/1 done", log);
        (_, status) = Run(["sweep", "status", run]);
        Assert.Matches(@"1/1\s+│ done\s+│ 3/3", status);
        Assert.Equal(0, Run(["report", run]).ExitCode);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(run, "trials.csv")).Length); // header + 3 trials on one target
    }

    [Fact]
    public void AStudyRunsEveryRowInShardsAndItsReportJoinsThemIntoTheUnshardedTable()
    {
        using var temp = new TempDirectory();
        string[] Study(string folder, params string[] extra) =>
            ["study", "hw-embedding", "-t", "nb201:N1", "--rows", "op-wise-transfer", "--quick", "-p", "1", "-o", folder, .. extra];
        string unsharded = Path.Combine(temp.Path, "unsharded"), sharded = Path.Combine(temp.Path, "sharded");
        // One trial runs in the bench process itself; with one thread, as a shard's worker runs it (ADR 0009).
        Assert.Equal(0, Run(Study(unsharded, "--set", "--threads 1")).ExitCode);
        Assert.Equal(0, Run(Study(sharded, "--shard", "1/2")).ExitCode);
        Assert.False(File.Exists(Path.Combine(sharded, "study.csv")), "a shard must not write the study's report");
        Assert.Equal(0, Run(Study(sharded, "--shard", "2/2")).ExitCode);
        var (_, status) = Run(["sweep", "status", sharded]);
        Assert.Contains("2 of 2 shard(s) done", status);
        Assert.Equal(0, Run(["report", sharded]).ExitCode);
        string table = File.ReadAllText(Path.Combine(sharded, "study.csv"));
        Assert.Matches(@"""op-wise, transfer"",20,nb201:N1,0\.\d+", table);
        Assert.Equal(File.ReadAllText(Path.Combine(unsharded, "study.csv")), table);
    }

    private (int ExitCode, string Output) Run(string[] args)
    {
        var result = CliProcess.RunToEnd(args);
        output.WriteLine($"$ nasflat {string.Join(' ', args)} → {result.ExitCode}\n{result.Output}");
        return result;
    }
}

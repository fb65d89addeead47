namespace Nasflat.Tests.Cli;

/// <summary>
/// <c>nasflat sweep slurm | status | resubmit</c> against stand-ins for sbatch, sacct and scancel that log what they
/// are asked and answer as SLURM does; the batch scripts themselves run as the array tasks and the join would.
/// (deploy/slurm/test-sweep.sh runs the same against a real single-node SLURM.)
/// </summary>
[Trait("Category", "Slow")]
public class SlurmSweepTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void SubmitsAnArrayAndADependentJoinShowsFailedShardsAndResubmitsThemAlone()
    {
        using var temp = new TempDirectory();
        string bin = Path.Combine(temp.Path, "bin"), log = Path.Combine(temp.Path, "slurm.log"), states = Path.Combine(temp.Path, "sacct.txt");
        // sbatch answers job ids 101, 102, … as --parsable does; sacct prints whatever the test put in sacct.txt.
        FakeCommand(bin, "sbatch", $"n=$(cat {temp.Path}/next 2>/dev/null || echo 101); echo $((n + 1)) > {temp.Path}/next; echo \"sbatch $*\" >> {log}; echo \"$n;local\"");
        FakeCommand(bin, "sacct", $"echo \"sacct $*\" >> {log}; cat {states}");
        FakeCommand(bin, "scancel", $"echo \"scancel $*\" >> {log}");
        var environment = new Dictionary<string, string> { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" };
        string run = Path.Combine(temp.Path, "run");

        var (code, submitted) = Run(["sweep", "slurm", "--shards", "3", "--partition", "cpu", "--", "bench", "--space", "nb201", "--train", "1080ti_1,gold_6240",
            "--test", "titanxp_1", "-m", "flops", "--trials", "3", "-o", run], environment);
        Assert.Equal(0, code);
        Assert.Contains("Submitted shard(s) 1,2,3 as array job 101, and the join as job 102", submitted);
        string array = Path.Combine(run, "slurm", "shards.sbatch"), join = Path.Combine(run, "slurm", "join.sbatch");
        Assert.Equal([$"sbatch --parsable --array=1,2,3 {array}", $"sbatch --parsable --dependency=afterok:101 {join}"], File.ReadAllLines(log));
        string script = File.ReadAllText(array);
        Assert.Contains("#SBATCH --array=1-3", script);
        Assert.Contains("#SBATCH --partition=cpu", script);
        Assert.Contains($"--out {run} --shard \"$SLURM_ARRAY_TASK_ID/3\"", script);

        // Shards 1 and 3 run (the array script itself, as SLURM would start it); shard 2's job failed before it started.
        foreach (int shard in new[] { 1, 3 })
            Assert.Equal(0, Script(array, new Dictionary<string, string>(environment) { ["SLURM_ARRAY_TASK_ID"] = $"{shard}", ["SLURM_ARRAY_JOB_ID"] = "101" }).ExitCode);
        File.WriteAllText(states, "101_1|COMPLETED\n101_2|FAILED\n101_3|COMPLETED\n102|PENDING\n");
        var (_, status) = Run(["sweep", "status", run], environment);
        Assert.Matches(@"1/3\s+│ done\s+│ 1/1\s+│ 101_1", status);
        Assert.Matches(@"2/3\s+│ failed\s+│ 0/1\s+│ 101_2\s+│ SLURM says FAILED before it started", status);
        Assert.Contains("join job 102: PENDING", status);

        File.WriteAllText(log, "");
        var (resubmitCode, resubmitted) = Run(["sweep", "resubmit", run], environment);
        Assert.Equal(0, resubmitCode);
        Assert.Contains("Submitted shard(s) 2 as array job 103, and the join as job 104", resubmitted);
        Assert.Equal(["sacct -n -P -X -j 101,102 --format=JobID,State", "scancel 102", $"sbatch --parsable --array=2 {array}",
            $"sbatch --parsable --dependency=afterok:103 {join}"], File.ReadAllLines(log));

        Assert.Equal(0, Script(array, new Dictionary<string, string>(environment) { ["SLURM_ARRAY_TASK_ID"] = "2" }).ExitCode);
        Assert.Equal(0, Script(join, environment).ExitCode);
        Assert.Matches(@"nb201:custom,flops,Nasflat,20,3,", File.ReadAllText(Path.Combine(run, "tasks.csv")));
    }

    [Fact]
    public void ADryRunWritesTheScriptsAndABadSweepIsRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempDirectory();
        string run = Path.Combine(temp.Path, "run");
        string[] bench = ["bench", "-t", "nb201:ND", "--quick", "--trials", "2", "-o", run];
        var (code, text) = Run(["sweep", "slurm", "--dry-run", "--", .. bench]);
        Assert.Equal(0, code);
        Assert.Contains("in 2 shard(s) (2 trial(s))", text);
        Assert.True(File.Exists(Path.Combine(run, "slurm", "join.sbatch")));
        Assert.Contains($"report {run}", File.ReadAllText(Path.Combine(run, "slurm", "join.sbatch")));

        (code, text) = Run(["sweep", "slurm", "--dry-run", "--shards", "3", "--", .. bench]);
        Assert.Equal(2, code);
        Assert.Contains("--shards 3 is more than the run's 2 trial(s)", text);
        (code, text) = Run(["sweep", "slurm", "--dry-run", "--shards", "1", "--", .. bench]);
        Assert.Equal(2, code);
        Assert.Contains("holds a sweep of `nasflat bench -t nb201:ND --quick --trials 2` in 2 shard(s)", text);
        (code, text) = Run(["sweep", "slurm", "--dry-run", "--mem", "lots", "--", "bench", "-t", "nb201:ND", "-o", Path.Combine(temp.Path, "other")]);
        Assert.Equal(2, code);
        Assert.Contains("--mem 'lots' is not a SLURM memory size", text);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "other")), "a refused sweep must not leave a run folder");
        (code, text) = Run(["sweep", "slurm", "--", "arch", "nb201", "--index", "0"]);
        Assert.Equal(2, code);
        Assert.Contains("runs 'bench' (also --lodo) or 'study' commands, not 'arch'", text);
        (code, text) = Run(["sweep", "slurm", "--dry-run", "--", "bench", "-t", "nb201:XX"]);
        Assert.Equal(2, code);
        Assert.Contains("nb201:XX", text);
    }

    private (int ExitCode, string Output) Run(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = CliProcess.RunToEnd(args, environment);
        output.WriteLine($"$ nasflat {string.Join(' ', args)} → {result.ExitCode}\n{result.Output}");
        return result;
    }

    private (int ExitCode, string Output) Script(string script, IReadOnlyDictionary<string, string> environment)
    {
        var result = CliProcess.Finish(CliProcess.StartProgram("bash", [script], environment), [script]);
        output.WriteLine($"$ bash {script} → {result.ExitCode}\n{result.Output}");
        return result;
    }

    private static void FakeCommand(string folder, string name, string body)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, $"#!/bin/bash\n{body}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
    }
}

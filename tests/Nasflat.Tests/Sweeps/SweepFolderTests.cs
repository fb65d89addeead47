using Nasflat.Sweeps;

namespace Nasflat.Tests.Sweeps;

public class SweepFolderTests
{
    [Fact]
    public void TheSweepsCommandLeavesOutWhatDiffersBetweenShards()
    {
        string[] tokens = ["bench", "--lodo", "nb201", "--shard", "2/3", "-o", "runs/x", "--out=runs/y", "-p", "4", "--threads", "1", "--progress-lines",
            "--trials", "3", "--join", "--trial-subsets", "0;all", "-m", "nasflat,gbt"];
        Assert.Equal(["bench", "--lodo", "nb201", "--trials", "3", "-m", "nasflat,gbt"], SweepManifest.SweepArguments(tokens));
    }

    [Fact]
    public void AFolderBelongsToOneSweepAndAnotherIsRefusedWithBothCommands()
    {
        using var temp = new TempDirectory();
        var sweep = new SweepManifest(["bench", "-t", "nb201:ND", "--epochs", "10 20"], 3);
        sweep.Claim(temp.Path);
        sweep.Claim(temp.Path); // the same sweep again (every shard claims it): fine
        Assert.Equal(sweep.Arguments, SweepManifest.Read(temp.Path)!.Arguments);
        Assert.Equal("nasflat bench -t nb201:ND --epochs '10 20'", sweep.CommandLine);

        var error = Assert.Throws<NasflatException>(() => (sweep with { Shards = 2 }).Claim(temp.Path));
        Assert.Contains("in 3 shard(s); this is `nasflat bench -t nb201:ND --epochs '10 20'` in 2", error.Message);
        Assert.Contains("--shard i/3", error.Message);

        File.WriteAllText(SweepManifest.PathIn(temp.Path), "{ not json");
        Assert.Contains("is not a sweep manifest (line 1", Assert.Throws<NasflatException>(() => SweepManifest.Read(temp.Path)).Message);
    }

    [Fact]
    public void SacctStatesAreReadPerArrayTaskWithPendingRangesExpanded()
    {
        var states = SlurmClient.ParseStates("12_1|COMPLETED\n12_[2-4,7%2]|PENDING\n13|CANCELLED by 0\n\n14_5|RUNNING\n");
        Assert.Equal("COMPLETED", states["12_1"]);
        Assert.Equal(["12_2", "12_3", "12_4", "12_7"], states.Where(s => s.Value == "PENDING").Select(s => s.Key).Order());
        Assert.Equal("CANCELLED", states["13"]);
        Assert.Equal("RUNNING", states["14_5"]);
        Assert.Equal(7, states.Count);
    }

    [Fact]
    public void EachShardIsDoneRunningPendingOrFailedFromItsRecordItsTrialsAndSlurm()
    {
        using var temp = new TempDirectory();
        var sweep = new SweepManifest(["bench", "-t", "nb201:ND"], 7);
        var now = DateTimeOffset.UtcNow;
        ShardRecord Record(int n, ShardState state, string host, int pid, string? error = null) =>
            new(n, 7, state, host, pid, null, 1, now, state == ShardState.Running ? null : now, error);
        Record(1, ShardState.Done, Environment.MachineName, 1).Write(temp.Path);
        Record(2, ShardState.Running, Environment.MachineName, int.MaxValue).Write(temp.Path);   // no such process
        Record(3, ShardState.Running, "another-node", 4242).Write(temp.Path);
        Record(4, ShardState.Failed, "another-node", 4242, "out of disk").Write(temp.Path);
        Record(6, ShardState.Running, "another-node", 4242).Write(temp.Path);
        var submissions = new[] { new SlurmSubmission("50", [1, 2, 3, 4, 5, 6, 7], "51", now) };
        var slurm = new Dictionary<string, string> { ["50_5"] = "PENDING", ["50_6"] = "TIMEOUT", ["50_3"] = "RUNNING" };

        var lines = SweepStatus.Of(temp.Path, sweep, shard => (shard.Number == 1 ? 1 : 0, 1), submissions, slurm);
        Assert.Equal([ShardStatus.Done, ShardStatus.Failed, ShardStatus.Running, ShardStatus.Failed, ShardStatus.Pending, ShardStatus.Failed, ShardStatus.NotStarted],
            lines.Select(l => l.Status));
        Assert.Contains("is gone (killed?)", lines[1].Detail);
        Assert.Contains("out of disk", lines[3].Detail);
        Assert.Contains("SLURM says TIMEOUT", lines[5].Detail);
        Assert.Equal("50_6", lines[5].Job);

        // Without trial counts (a study) a shard is done when its record says so.
        Assert.Equal(ShardStatus.Done, SweepStatus.Of(temp.Path, sweep, null, [], null)[0].Status);
    }

    [Fact]
    public void TheArrayScriptRunsTheSweepsCommandAsShardOfTheTaskIdAndTheJoinReportsIt()
    {
        using var temp = new TempDirectory();
        var sweep = new SweepManifest(["bench", "--lodo", "fbnet", "--set", "a b"], 12);
        var settings = new SlurmSettings(2, "8G", "1-00:00:00", "cpu", "lab", temp.Path, Path.Combine(temp.Path, "cache"), ["--qos=long"]);
        SlurmScripts.Write(temp.Path, sweep, settings, ["/opt/nasflat/Nasflat.Cli"], "/home/me");
        string shards = File.ReadAllText(SlurmScripts.ArrayScript(temp.Path)), join = File.ReadAllText(SlurmScripts.JoinScript(temp.Path));
        foreach (var line in new[] { "#SBATCH --array=1-12", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=8G", "#SBATCH --time=1-00:00:00",
                     "#SBATCH --partition=cpu", "#SBATCH --account=lab", "#SBATCH --qos=long", "cd /home/me", $"export NASFLAT_DATA={temp.Path}",
                     $"exec /opt/nasflat/Nasflat.Cli bench --lodo fbnet --set 'a b' --out {temp.Path} --shard \"$SLURM_ARRAY_TASK_ID/12\" --processes \"${{SLURM_CPUS_PER_TASK:-1}}\"" })
            Assert.Contains(line + "\n", shards);
        Assert.Contains($"exec /opt/nasflat/Nasflat.Cli report {temp.Path}\n", join);
        Assert.Contains("#SBATCH --cpus-per-task=1\n", join);
        Assert.DoesNotContain("--array", join);

        Assert.Contains("--time '3 days'", Assert.Throws<NasflatException>(() => (settings with { Time = "3 days" }).Validate()).Message);
        Assert.Contains("at least 1 CPU", Assert.Throws<NasflatException>(() => (settings with { CpusPerTask = 0 }).Validate()).Message);
    }
}

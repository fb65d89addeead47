using System.Text.Json;
using Nasflat.IO;

namespace Nasflat.Sweeps;

public enum ShardState { Running, Done, Failed }

/// <summary>
/// What a shard says about itself in the run folder (<c>shards/shard-i-of-n.json</c>): running from when it starts,
/// then done or failed. A shard killed outright (SIGKILL, a node lost) stays "running"; <see cref="SweepStatus"/> then
/// tells from its process or from SLURM's accounting that it is gone.
/// </summary>
/// <param name="SlurmJob">The SLURM job that ran it, "array_task" for an array task (from the job's environment).</param>
public sealed record ShardRecord(int Number, int Count, ShardState State, string Host, int ProcessId, string? SlurmJob, int Units,
    DateTimeOffset Started, DateTimeOffset? Finished, string? Error)
{
    public Shard Shard => new(Number, Count);

    public static string FolderIn(string run) => Path.Combine(run, "shards");

    public static string PathIn(string run, Shard shard) => Path.Combine(FolderIn(run), $"shard-{shard.Number}-of-{shard.Count}.json");

    /// <summary>A record for this process starting the shard now.</summary>
    public static ShardRecord StartingNow(Shard shard, int units) =>
        new(shard.Number, shard.Count, ShardState.Running, Environment.MachineName, Environment.ProcessId, SlurmJobOfThisProcess(), units,
            DateTimeOffset.UtcNow, null, null);

    public void Write(string run) => AtomicFile.WriteAllText(PathIn(run, Shard), JsonSerializer.Serialize(this, JsonFormat.Options));

    /// <summary>The shard's record, or null when it has not started (or its file is not a record: it is then rerun, not trusted).</summary>
    public static ShardRecord? Read(string run, Shard shard)
    {
        string path = PathIn(run, shard);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ShardRecord>(File.ReadAllText(path), JsonFormat.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? SlurmJobOfThisProcess()
    {
        string? array = Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID"), task = Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID");
        return array is not null && task is not null ? $"{array}_{task}" : Environment.GetEnvironmentVariable("SLURM_JOB_ID");
    }
}

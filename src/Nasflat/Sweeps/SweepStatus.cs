
namespace Nasflat.Sweeps;

public enum ShardStatus { NotStarted, Pending, Running, Done, Failed }

/// <summary>One shard of a sweep as <c>nasflat sweep status</c> shows it.</summary>
/// <param name="UnitsDone">Trials of the shard whose parts are in the run folder (null where the run does not count them, e.g. a study).</param>
/// <param name="Job">The SLURM array task that ran it last, when it was submitted to SLURM.</param>
public sealed record ShardLine(Shard Shard, ShardStatus Status, int? UnitsDone, int? Units, string? Job, string Detail);

/// <summary>
/// Which shards of a sweep are done, running, pending or failed, from what the run folder holds (the shards' records
/// and parts) and, where the sweep went through SLURM and sacct answers, from SLURM's accounting. A shard whose record
/// says "running" is failed when its process is gone (same host) or SLURM says its job ended.
/// </summary>
public static class SweepStatus
{
    private static readonly HashSet<string> Ended = ["FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "COMPLETED"];

    /// <param name="unitsOf">Per shard, how many of its trials have parts and how many it has (null: not counted).</param>
    /// <param name="slurmStates">sacct's states keyed "job_task" (null: not asked or no accounting).</param>
    public static IReadOnlyList<ShardLine> Of(string run, SweepManifest manifest, Func<Shard, (int Done, int Total)>? unitsOf,
        IReadOnlyList<SlurmSubmission> submissions, IReadOnlyDictionary<string, string>? slurmStates)
    {
        var lines = new List<ShardLine>();
        for (int number = 1; number <= manifest.Shards; number++)
        {
            var shard = new Shard(number, manifest.Shards);
            var record = ShardRecord.Read(run, shard);
            (int Done, int Total)? units = unitsOf?.Invoke(shard);
            string? job = SlurmSubmission.LatestJobOf(submissions, number) ?? record?.SlurmJob;
            string? slurm = job is not null && slurmStates is not null && slurmStates.TryGetValue(job, out var s) ? s : null;
            lines.Add(Classify(shard, record, units, job, slurm));
        }
        return lines;
    }

    private static ShardLine Classify(Shard shard, ShardRecord? record, (int Done, int Total)? units, string? job, string? slurm)
    {
        ShardLine Line(ShardStatus status, string detail) => new(shard, status, units?.Done, units?.Total, job, detail);
        bool complete = units is { } u ? u.Done == u.Total : record?.State == ShardState.Done;
        string slurmNote = slurm is null ? "" : $" (SLURM: {slurm})";

        if (complete) return Line(ShardStatus.Done, record?.Finished is { } f ? $"finished {f:yyyy-MM-dd HH:mm} UTC on {record.Host}" : "all its trials are in the run folder");
        if (record?.State == ShardState.Failed) return Line(ShardStatus.Failed, $"{record.Error}{slurmNote}");
        if (record?.State == ShardState.Done) return Line(ShardStatus.Failed, "said done, but some of its trials are missing from the run folder");
        if (slurm is not null && Ended.Contains(slurm))
            return Line(ShardStatus.Failed, $"SLURM says {slurm}" + (record is null ? " before it started" : $"; it stopped before finishing (started {record.Started:HH:mm} UTC)"));
        if (record is null)
            return slurm is "PENDING" or "REQUEUED" ? Line(ShardStatus.Pending, $"waiting in the queue{slurmNote}")
                : slurm is not null ? Line(ShardStatus.Running, $"starting{slurmNote}") : Line(ShardStatus.NotStarted, "no shard has run it yet");
        if (record.Host == Environment.MachineName && !ProcessAlive(record.ProcessId))
            return Line(ShardStatus.Failed, $"its process {record.ProcessId} on {record.Host} is gone (killed?) without finishing");
        return Line(ShardStatus.Running, $"since {record.Started:yyyy-MM-dd HH:mm} UTC on {record.Host}, process {record.ProcessId}{slurmNote}");
    }

    /// <summary>Whether the process is still a nasflat shard (a reused pid belongs to something else).</summary>
    private static bool ProcessAlive(int pid)
    {
        string cmdline = $"/proc/{pid}/cmdline";
        try
        {
            if (OperatingSystem.IsLinux()) return File.Exists(cmdline) && File.ReadAllText(cmdline).Contains("--shard", StringComparison.Ordinal);
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return false; // it ended while we looked
        }
    }
}

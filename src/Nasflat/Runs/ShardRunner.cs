using Nasflat.Experiments;
using Nasflat.Sweeps;
using Nasflat.Tasks;

namespace Nasflat.Runs;

/// <summary>
/// Runs one shard of a sweep: claims the run folder for the sweep (<see cref="SweepManifest"/>), keeps the shard's
/// record up to date (<see cref="ShardRecord"/>) and runs the shard's trials, which the caller saves as parts of the run
/// like any other trial. A shard that is run again skips the trials whose parts are there, so a resubmitted shard
/// finishes the work of a killed one.
/// </summary>
public static class ShardRunner
{
    /// <summary>Runs the shard's tasks, each limited to the shard's trials.</summary>
    public delegate void TrialRunner(IReadOnlyList<LatencyTask> tasks, Func<LatencyTask, ExperimentOptions> optionsFor);

    public static ShardRecord Run(RunPlan plan, Shard shard, SweepManifest manifest, string run, TrialRunner runTrials)
    {
        var units = plan.UnitsOf(shard);
        var mine = units.GroupBy(u => u.Task).Select(g => (plan.Planned[g.Key].Task, Options: plan.Planned[g.Key].Options with { TrialSubset = [.. g.Select(u => u.Trial)] }))
            .ToList();
        return Track(shard, manifest, run, units.Count, () =>
        {
            if (mine.Count == 0) return;
            var tasks = mine.Select(m => m.Task).ToList();
            runTrials(tasks, task => mine[IndexOf(tasks, task)].Options);
        });
    }

    /// <summary>
    /// Runs any shard's work (a bench shard's trials, a study shard's share of every row) under its record: claims the
    /// folder for the sweep, says "running", then "done", or "failed" with the reason before the error goes on.
    /// </summary>
    public static ShardRecord Track(Shard shard, SweepManifest manifest, string run, int units, Action work)
    {
        if (manifest.Shards != shard.Count) throw new ArgumentException($"Shard {shard} of a sweep in {manifest.Shards} shards.", nameof(shard));
        manifest.Claim(run);
        var record = ShardRecord.StartingNow(shard, units);
        record.Write(run);
        try
        {
            work();
        }
        catch (Exception e)
        {
            string why = e is OperationCanceledException ? "stopped (Ctrl-C, SIGTERM, scancel or a time limit)" : e.Message.Split('\n')[0];
            (record with { State = ShardState.Failed, Finished = DateTimeOffset.UtcNow, Error = why }).Write(run);
            throw;
        }
        record = record with { State = ShardState.Done, Finished = DateTimeOffset.UtcNow };
        record.Write(run);
        return record;
    }

    private static int IndexOf(IReadOnlyList<LatencyTask> tasks, LatencyTask task)
    {
        for (int i = 0; i < tasks.Count; i++) if (ReferenceEquals(tasks[i], task)) return i;
        throw new ArgumentException($"Task {task.Id} is not in the shard.", nameof(task));
    }
}

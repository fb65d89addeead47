namespace Nasflat.Sweeps;

/// <summary>One trial of one task of a run: the unit of parallel work (worker processes) and of sharding.</summary>
/// <param name="Task">Index of the task in the run's plan.</param>
/// <param name="Cost">Estimated cost, only used to balance the split.</param>
public readonly record struct WorkUnit(int Task, int Trial, double Cost);

/// <summary>
/// Splits units over bins (worker processes, shards) by the longest-processing-time rule: the costliest unit first,
/// each onto the least loaded bin, ties broken by task and trial. The split depends only on the units and the bin
/// count, so every shard of a sweep computes the same split on its own, wherever it runs.
/// </summary>
public static class WorkSplit
{
    /// <summary>The units of each bin, in (task, trial) order; bins left empty when there are fewer units than bins.</summary>
    public static IReadOnlyList<IReadOnlyList<WorkUnit>> Assign(IEnumerable<WorkUnit> units, int bins)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "At least one bin.");
        var assigned = Enumerable.Range(0, bins).Select(_ => new List<WorkUnit>()).ToList();
        var load = new double[bins];
        foreach (var unit in units.OrderByDescending(u => u.Cost).ThenBy(u => u.Task).ThenBy(u => u.Trial))
        {
            int least = Array.IndexOf(load, load.Min());
            assigned[least].Add(unit);
            load[least] += unit.Cost;
        }
        return [.. assigned.Select(b => (IReadOnlyList<WorkUnit>)[.. b.OrderBy(u => u.Task).ThenBy(u => u.Trial)])];
    }
}

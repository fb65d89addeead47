using Nasflat.Data;
using Nasflat.Spaces;

namespace Nasflat.Tasks;

/// <summary>Which split the partitioner aims for.</summary>
public enum PartitionGoal
{
    /// <summary>
    /// The reference (NASFLAT's <c>dev_gen.py</c>): Kernighan–Lin on the negated correlations, which maximises the
    /// correlation across the cut, then pruning of the most cross-correlated devices.
    /// </summary>
    Reference,
    /// <summary>
    /// The evident intent: Kernighan–Lin on the correlations themselves, which minimises the correlation across the
    /// cut, then the same pruning; the result is the least cross-correlated split.
    /// </summary>
    LeastCorrelated,
}

/// <summary>
/// Generates hard train/test device splits automatically (the paper's §4.2): correlation matrix, Kernighan–Lin
/// bisection, then bipartite pruning down to the requested sizes. Deterministic for a seed.
/// </summary>
public static class TaskPartitioner
{
    /// <summary>The paper's device pool of a space (NB201: 40 devices, FBNet: 27).</summary>
    public static IReadOnlyList<string> PaperPool(LatencyMatrix latency) =>
        latency.Devices.Where(d => d.InPaperPool).Select(d => d.Name).ToList();

    public static LatencyTask Generate(LatencyMatrix latency, IReadOnlyList<string> pool, int trainSize, int testSize, int seed,
        PartitionGoal goal = PartitionGoal.Reference, string? name = null)
    {
        if (trainSize < 1 || testSize < 1) throw new NasflatException("A task needs at least one train and one test device.");
        if (pool.Distinct().Count() != pool.Count) throw new NasflatException("The device pool lists a device twice.");
        if (trainSize + testSize > pool.Count)
            throw new NasflatException($"The pool has {pool.Count} devices; {trainSize} train + {testSize} test do not fit.");
        var correlations = DeviceCorrelations.Compute(latency, pool);
        int n = pool.Count;
        var weight = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                weight[i, j] = goal == PartitionGoal.Reference ? -correlations[i, j] : correlations[i, j];

        var (left, right) = KernighanLin.Bisect(weight, new Random(seed));
        // The larger half becomes the train side when the requested sizes are unequal.
        if (trainSize > testSize != left.Length >= right.Length) (left, right) = (right, left);
        if (left.Length < trainSize || right.Length < testSize)
            throw new NasflatException($"The bisection gave halves of {left.Length} and {right.Length} devices; {trainSize}/{testSize} do not fit. Use a larger pool.");

        var train = left.ToList();
        var test = right.ToList();
        while (train.Count > trainSize || test.Count > testSize)
        {
            // Drop the device most correlated with the other side (the reference removes the largest weight sum).
            if (train.Count > trainSize) train.Remove(train.MaxBy(l => test.Sum(r => correlations[l, r])));
            if (test.Count > testSize) test.Remove(test.MaxBy(r => train.Sum(l => correlations[l, r])));
        }
        return new LatencyTask(latency.Space, name ?? $"gen-{trainSize}x{testSize}-s{seed}{(goal == PartitionGoal.LeastCorrelated ? "-least" : "")}",
            [.. train.Select(i => pool[i])], [.. test.Select(i => pool[i])]);
    }
}

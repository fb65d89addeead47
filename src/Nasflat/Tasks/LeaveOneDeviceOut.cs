using System.Collections.Immutable;
using Nasflat.Data;
using Nasflat.Spaces;

namespace Nasflat.Tasks;

/// <summary>One held-out target: the fold that holds it out and its near-copies, which are kept out of its sources.</summary>
public sealed record LodoTarget(string Device, string Fold, IReadOnlyList<(string Device, double Rho)> NearCopies);

/// <summary>
/// A leave-one-device-out plan: every known device of a space is a target once, and its sources are all devices except
/// its near-copies (Spearman ρ above <see cref="NearCopyThreshold"/>), so no target is predicted from a twin of itself.
/// </summary>
/// <remarks>
/// Pretraining once per target would cost one pretraining per device (44 on NB201). Instead near-copy groups (devices
/// joined through chains of ρ above the threshold) are packed into <see cref="Folds"/> folds of about equal size, and
/// one pretraining per fold and trial serves all of its targets: a fold's sources are the devices of every other fold.
/// A target's near-copies are always in its own group, hence in its fold, so they never reach its sources; a target also
/// loses the other, unrelated devices of its fold, which makes its source set somewhat smaller than strictly needed.
/// </remarks>
public sealed record LodoPlan(SearchSpaceKind Space, double NearCopyThreshold, IReadOnlyList<LatencyTask> Folds, IReadOnlyList<LodoTarget> Targets)
{
    public const double DefaultNearCopyThreshold = 0.95;
    public const int DefaultFolds = 6;

    /// <summary>Plans folds over every device of the latency matrix (user devices included).</summary>
    public static LodoPlan Create(LatencyMatrix latency, double nearCopyThreshold = DefaultNearCopyThreshold, int folds = DefaultFolds)
    {
        if (!(nearCopyThreshold > 0 && nearCopyThreshold < 1))
            throw new NasflatException($"--near-copy {nearCopyThreshold}: the near-copy threshold is a Spearman ρ in (0, 1), e.g. 0.95.");
        var devices = latency.Devices.Select(d => d.Name).ToList();
        if (folds < 2 || folds > devices.Count)
            throw new NasflatException($"--folds {folds}: use between 2 and the {devices.Count} devices of {latency.Space.Id()}.");
        var rho = DeviceCorrelations.Compute(latency, devices);
        var groups = NearCopyGroups(rho, nearCopyThreshold);
        if (groups.Count < folds)
            throw new NasflatException($"--folds {folds}: {latency.Space.Id()} has only {groups.Count} groups of near-copies at ρ > {nearCopyThreshold}; " +
                $"use --folds {groups.Count} or fewer, or a higher --near-copy.");

        // Largest groups first onto the fold with the fewest devices: folds of near-equal size, deterministic.
        var bins = Enumerable.Range(0, folds).Select(_ => new List<int>()).ToList();
        foreach (var group in groups.OrderByDescending(g => g.Count).ThenBy(g => g.Min()))
            bins.OrderBy(b => b.Count).ThenBy(bins.IndexOf).First().AddRange(group);

        var tasks = new List<LatencyTask>();
        var targets = new List<LodoTarget>();
        for (int f = 0; f < folds; f++)
        {
            var test = bins[f].Order().ToHashSet();
            string name = $"lodo{f + 1}";
            tasks.Add(new LatencyTask(latency.Space, name,
                [.. Enumerable.Range(0, devices.Count).Where(d => !test.Contains(d)).Select(d => devices[d])],
                [.. test.Select(d => devices[d])]));
            foreach (int target in test)
                targets.Add(new LodoTarget(devices[target], name, Enumerable.Range(0, devices.Count)
                    .Where(d => d != target && rho[target, d] > nearCopyThreshold)
                    .OrderByDescending(d => rho[target, d]).Select(d => (devices[d], rho[target, d])).ToList()));
        }
        return new LodoPlan(latency.Space, nearCopyThreshold, tasks, targets);
    }

    /// <summary>Connected components of the graph whose edges are device pairs with ρ above the threshold.</summary>
    private static List<List<int>> NearCopyGroups(DeviceCorrelations rho, double threshold)
    {
        int n = rho.Devices.Count;
        var parent = Enumerable.Range(0, n).ToArray();
        int Root(int d) => parent[d] == d ? d : parent[d] = Root(parent[d]);
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++)
                if (rho[a, b] > threshold) parent[Root(a)] = Root(b);
        return Enumerable.Range(0, n).GroupBy(Root).Select(g => g.ToList()).ToList();
    }
}

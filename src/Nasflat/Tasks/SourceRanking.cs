using Nasflat.Data;
using Nasflat.Evaluation;

namespace Nasflat.Tasks;

/// <summary>
/// Ranks source devices by how well their latencies agree with a target's on the target's few measured
/// architectures: the signal NASFLAT's embedding transfer, MultiPredict's initialisation and the nearest-device
/// baseline all start from.
/// </summary>
public static class SourceRanking
{
    /// <summary>Sources ranked by Spearman ρ with the target on the sampled architectures both measured (best first).</summary>
    public static List<(int Source, double Rho)> ByCorrelation(LatencyMatrix latency, IReadOnlyList<int> sources, int target, IReadOnlyList<int> sample)
    {
        var ranked = new List<(int Source, double Rho)>();
        foreach (int source in sources)
        {
            var shared = sample.Where(a => latency.IsMeasured(a, source) && latency.IsMeasured(a, target)).ToArray();
            if (shared.Length < 2) continue;
            double rho = RankCorrelation.Spearman(
                shared.Select(a => latency.Column(source)[a]).ToArray(),
                shared.Select(a => latency.Column(target)[a]).ToArray());
            if (double.IsFinite(rho)) ranked.Add((source, rho));
        }
        // Stable order: ties keep the source order, as the single-best rule always did.
        return ranked.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Rho).ThenBy(x => x.i).Select(x => x.r).ToList();
    }
}

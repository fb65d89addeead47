using Nasflat.Evaluation;

namespace Nasflat.Data;

/// <summary>How two devices' latencies agree on the architectures both measured (e.g. two measurement runs).</summary>
public sealed record DeviceComparison(string First, string Second, int SharedArchitectures, double Spearman, double KendallTau, double MedianRelativeDifference)
{
    public static DeviceComparison Compare(LatencyMatrix latency, string first, string second)
    {
        int a = latency.IndexOf(first), b = latency.IndexOf(second);
        var shared = Enumerable.Range(0, latency.ArchitectureCount).Where(i => latency.IsMeasured(i, a) && latency.IsMeasured(i, b)).ToArray();
        if (shared.Length < 3) throw new NasflatException($"'{first}' and '{second}' share only {shared.Length} measured architectures; at least 3 are needed.");
        var x = shared.Select(i => latency.Column(a)[i]).ToArray();
        var y = shared.Select(i => latency.Column(b)[i]).ToArray();
        // Relative to the pair's mean, so the difference is symmetric in the two devices.
        double median = Statistics.Median(x.Zip(y, (p, q) => Math.Abs(p - q) / ((p + q) / 2)));
        return new DeviceComparison(first, second, shared.Length, RankCorrelation.Spearman(x, y), RankCorrelation.KendallTauB(x, y), median);
    }
}

using Nasflat.Data;
using Nasflat.Evaluation;

namespace Nasflat.Tasks;

/// <summary>
/// Spearman ρ between devices' latencies over the architectures both measured (devices with missing measurements
/// are compared on their common architectures).
/// </summary>
public sealed class DeviceCorrelations
{
    private readonly double[,] _rho;
    private readonly Dictionary<string, int> _index;

    public IReadOnlyList<string> Devices { get; }

    private DeviceCorrelations(IReadOnlyList<string> devices, double[,] rho)
    {
        Devices = devices;
        _rho = rho;
        _index = devices.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i);
    }

    public double this[string a, string b] => _rho[_index[a], _index[b]];
    public double this[int a, int b] => _rho[a, b];

    public static DeviceCorrelations Compute(LatencyMatrix latency, IReadOnlyList<string> devices)
    {
        var columns = devices.Select(latency.IndexOf).ToArray();
        var complete = columns.Select(c => latency.MeasuredArchitectures(c).Length == latency.ArchitectureCount).ToArray();
        // Ranks of complete devices are computed once; pairs with gaps are ranked on their common architectures.
        var ranks = columns.Select((c, i) => complete[i] ? Ranks.Average(latency.Column(c).AsSpan()) : null).ToArray();
        var rho = new double[devices.Count, devices.Count];
        Parallel.For(0, devices.Count, i =>
        {
            rho[i, i] = 1;
            for (int j = i + 1; j < devices.Count; j++)
            {
                double value;
                if (ranks[i] is { } ri && ranks[j] is { } rj) value = RankCorrelation.Pearson(ri, rj);
                else
                {
                    var shared = Enumerable.Range(0, latency.ArchitectureCount)
                        .Where(a => latency.IsMeasured(a, columns[i]) && latency.IsMeasured(a, columns[j])).ToArray();
                    value = RankCorrelation.Spearman(
                        shared.Select(a => latency.Column(columns[i])[a]).ToArray(),
                        shared.Select(a => latency.Column(columns[j])[a]).ToArray());
                }
                rho[i, j] = rho[j, i] = value;
            }
        });
        return new DeviceCorrelations(devices, rho);
    }
}

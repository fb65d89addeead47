using Nasflat.Data;
using Nasflat.Spaces;

namespace Nasflat.Experiments;

/// <summary>Which architectures a method may learn from, where the k target samples come from, and where it is scored.</summary>
public enum EvaluationProtocol
{
    /// <summary>
    /// NASFLAT's: sources and samples from every measured architecture; ρ over all measured architectures of the target,
    /// the k samples included.
    /// </summary>
    Nasflat,

    /// <summary>
    /// HELP's own (Lee et al. 2021, its public loader): the first 900 (NB201) or 4000 (FBNet) architectures form the
    /// training pool, the next 1000 the query set; each device drops its 10 % fastest and 10 % slowest architectures
    /// from both; samples come from the pool and ρ is computed on the query set only.
    /// </summary>
    Help,
}

/// <summary>The architecture sets a protocol gives each device.</summary>
public sealed class EvaluationSplit
{
    private readonly Func<int, IReadOnlyList<int>> _pool;
    private readonly Func<int, IReadOnlyList<int>> _evaluated;

    public EvaluationProtocol Protocol { get; }

    private EvaluationSplit(EvaluationProtocol protocol, Func<int, IReadOnlyList<int>> pool, Func<int, IReadOnlyList<int>> evaluated)
    {
        Protocol = protocol;
        _pool = pool;
        _evaluated = evaluated;
    }

    /// <summary>Architectures whose latencies on the device a method may learn from; the target's k samples come from here too.</summary>
    public IReadOnlyList<int> Pool(int device) => _pool(device);

    /// <summary>Architectures the target device is scored on.</summary>
    public IReadOnlyList<int> Evaluated(int device) => _evaluated(device);

    /// <summary>True when the k samples count in the metrics (NASFLAT's protocol) rather than being disjoint from them.</summary>
    public bool SamplesEvaluated => Protocol == EvaluationProtocol.Nasflat;

    /// <summary>HELP's meta-training pool size: 900 NB201 or 4000 FBNet architectures per device.</summary>
    public static int HelpPoolSize(SearchSpaceKind space) => space == SearchSpaceKind.Nb201 ? 900 : 4000;

    public const int HelpQuerySize = 1000;

    public static EvaluationSplit For(EvaluationProtocol protocol, SpaceData data)
    {
        var latency = data.Latency;
        if (protocol == EvaluationProtocol.Nasflat)
            return new EvaluationSplit(protocol, d => latency.MeasuredArchitectures(d), d => latency.MeasuredArchitectures(d));
        int pool = HelpPoolSize(data.Space);
        if (pool + HelpQuerySize > data.ArchitectureCount)
            throw new NasflatException($"HELP's protocol needs {pool + HelpQuerySize} architectures; {data.Space.Id()} has {data.ArchitectureCount}.");
        var pools = new Dictionary<int, IReadOnlyList<int>>();
        var queries = new Dictionary<int, IReadOnlyList<int>>();
        IReadOnlyList<int> Cached(Dictionary<int, IReadOnlyList<int>> cache, int device, int start, int count)
        {
            lock (cache)
            {
                if (!cache.TryGetValue(device, out var set)) cache[device] = set = WithoutOutliers(latency, device, start, count);
                return set;
            }
        }
        return new EvaluationSplit(protocol, d => Cached(pools, d, 0, pool), d => Cached(queries, d, pool, HelpQuerySize));
    }

    /// <summary>
    /// The measured architectures among <c>[start, start + count)</c> without the device's 10 % fastest and 10 % slowest
    /// (HELP's outlier removal), in index order.
    /// </summary>
    public static IReadOnlyList<int> WithoutOutliers(LatencyMatrix latency, int device, int start, int count)
    {
        var column = latency.Column(device);
        var measured = Enumerable.Range(start, count).Where(a => latency.IsMeasured(a, device)).ToArray();
        var byLatency = measured.OrderBy(a => column[a]).ThenBy(a => a).ToArray();
        int low = (int)(byLatency.Length * 0.1), high = (int)(byLatency.Length * 0.9);
        return byLatency[low..high].Order().ToArray();
    }
}

using Nasflat.Data;
using Nasflat.Encodings;

namespace Nasflat.Sampling;

/// <summary>
/// Builds samplers from short specs: <c>random</c>, <c>flops</c>, <c>params</c>, <c>valacc</c> (stratified),
/// <c>latency</c> (oracle: stratified by the device's true latency), and feature samplers
/// <c>kmeans:F</c>, <c>kmeans-member:F</c>, <c>cosine:F</c>, <c>cosine-least:F</c>, <c>cosine-greedy:F</c>,
/// <c>kmeancosine:F</c> over a feature set F of <see cref="FeatureCatalog"/>.
/// </summary>
public sealed class SamplerFactory(SpaceData data)
{
    private readonly Dictionary<string, FeatureMatrix> _features = [];

    public static IReadOnlyList<string> Kinds { get; } =
        ["random", "flops", "params", "valacc", "latency", "kmeans:F", "kmeans-member:F", "cosine:F", "cosine-least:F", "cosine-greedy:F", "kmeancosine:F"];

    /// <summary>The feature set a sampler spec reads (<c>kmeans:caz</c> → <c>caz</c>), or null for one without (<c>random</c>).</summary>
    public static string? FeatureSetOf(string spec) => spec.Trim().Split(':', 2) is [_, var name] ? name : null;

    /// <param name="device">The device whose latencies the oracle may read; required only for <c>latency</c>.</param>
    public IArchitectureSampler Create(string spec, string? device = null)
    {
        var parts = spec.Trim().Split(':', 2);
        string kind = parts[0].ToLowerInvariant();
        if (parts.Length == 2)
        {
            var features = Features(parts[1]);
            return kind switch
            {
                "kmeans" => new KMeansSampler(features, ClusterPick.NearestToCentroid),
                "kmeans-member" => new KMeansSampler(features, ClusterPick.RandomMember),
                "cosine" => new CosineSampler(features, CosineMode.Bucketed),
                "cosine-least" => new CosineSampler(features, CosineMode.LeastTypical),
                "cosine-greedy" => new CosineSampler(features, CosineMode.Greedy),
                "kmeancosine" => new CompositeSampler(new KMeansSampler(features, ClusterPick.RandomMember), new CosineSampler(features, CosineMode.Bucketed)),
                _ => throw Unknown(spec),
            };
        }
        return kind switch
        {
            "random" => new RandomSampler(),
            "flops" or "params" or "valacc" => new StratifiedSampler(kind, Column(Features(kind))),
            "latency" => new StratifiedSampler("latency",
                data.Latency.Column(device ?? throw new NasflatException("The latency (oracle) sampler needs a device.")).ToArray()),
            _ => throw Unknown(spec),
        };
    }

    private FeatureMatrix Features(string name)
    {
        if (!_features.TryGetValue(name, out var features)) _features[name] = features = FeatureCatalog.Build(data, name);
        return features;
    }

    private static double[] Column(FeatureMatrix features) => Enumerable.Range(0, features.Rows).Select(r => (double)features[r, 0]).ToArray();

    private NasflatException Unknown(string spec) => new(
        $"Unknown sampler '{spec}'. Use one of {string.Join(", ", Kinds)} with F in {string.Join(", ", FeatureCatalog.Names(data.Space))}.");
}

using Nasflat.Data;
using Nasflat.Experiments;
using Nasflat.Measurement;
using Nasflat.Spaces;

namespace Nasflat.Prediction;

/// <summary>
/// Which architectures a new device should measure first (<c>nasflat suggest</c>). By default the same draw that
/// <c>predict</c>'s recipe was judged with on leave-one-device-out (ADR 0008): its transfer sampler at k, so
/// random below 10 samples in both spaces and on NB201 at every k, k-means on the proxies on FBNet from 10.
/// </summary>
public static class FirstMeasurements
{
    public static string DefaultSampler(SearchSpaceKind space, int k) => ExperimentPresets.Predict(space).TransferSamplerFor(k);

    public static IReadOnlyList<int> Suggest(SpaceData data, int k, string? sampler = null, int seed = 1) =>
        DeviceMeasurement.Suggest(data, k, sampler ?? DefaultSampler(data.Space, k), seed);
}

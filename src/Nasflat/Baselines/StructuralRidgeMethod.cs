using Nasflat.Encodings;
using Nasflat.Priors;

namespace Nasflat.Baselines;

/// <summary>
/// The structural prior alone (<see cref="StructuralRidge"/>): a ridge regression on operation counts, FLOPs and
/// parameters fitted on the target's k samples, with no source device at all.
/// </summary>
public sealed class StructuralRidgeMethod : IFewShotMethod
{
    private FeatureMatrix? _features;

    public string Name => "ridge";

    public void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation) =>
        _features ??= StructuralRidge.Features(context.Data);

    public float[] Predict(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random)
    {
        var features = _features ?? throw new InvalidOperationException("Prepare must run before Predict.");
        return StructuralRidge.Fit(features, context.Data.Latency, target, sample).Score(architectures);
    }

    public void Dispose() { }
}

using Nasflat.Encodings;
using Nasflat.Priors;

using Nasflat.Methods;

namespace Nasflat.Baselines;

/// <summary>
/// The structural prior alone (<see cref="StructuralRidge"/>): a ridge regression on operation counts, FLOPs and
/// parameters fitted on the target's k samples, with no source device at all.
/// </summary>
public sealed class StructuralRidgeMethod : SingleScoreMethod
{
    private FeatureMatrix? _features;

    public override string Name => "ridge";

    public override void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation) =>
        _features ??= StructuralRidge.Features(context.Data);

    protected override float[] Score(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random)
    {
        var features = _features ?? throw new InvalidOperationException("Prepare must run before Predict.");
        return StructuralRidge.Fit(features, context.Data.Latency, target, sample).Score(architectures);
    }
}

using Nasflat.Methods;
using Nasflat.Priors;

namespace Nasflat.Baselines;

/// <summary>
/// The target as a non-negative mixture of the source devices (<see cref="DeviceMixture"/>), fitted on its k samples.
/// No network: it reads the sources' measured latencies of every architecture, which the data holds.
/// </summary>
public sealed class MixtureMethod : SingleScoreMethod
{
    public const string MethodName = "mixture";

    private MixtureColumns? _columns;

    public override string Name => MethodName;

    public override void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation) =>
        _columns ??= new MixtureColumns(context.Data, context.Sources);

    protected override float[] Score(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random)
    {
        var columns = _columns ?? throw new InvalidOperationException("Prepare must run before Predict.");
        var measured = context.Data.Latency.Column(target);
        return DeviceMixture.Fit(columns, sample, sample.Select(a => measured[a]).ToArray()).Score(architectures);
    }
}

namespace Nasflat.Methods;

/// <summary>
/// A method that scores a target in one pass, as every baseline does: the harness sees one snapshot. Preparing and
/// disposing do nothing unless a method overrides them.
/// </summary>
public abstract class SingleScoreMethod : IFewShotMethod
{
    public abstract string Name { get; }

    public virtual void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation) { }

    public MethodPrediction Predict(MethodContext context, TargetQuery target, CancellationToken cancellation) =>
        MethodPrediction.Of(Score(context, target.Device, target.Sample, target.Architectures, target.Random));

    /// <summary>Scores <paramref name="architectures"/> on the target after adapting to its <paramref name="sample"/>.</summary>
    protected abstract float[] Score(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

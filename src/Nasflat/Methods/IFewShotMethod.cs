using Nasflat.Data;
using Nasflat.Experiments;

namespace Nasflat.Methods;

/// <summary>What a method may use in one trial of a task: the space, the options, the source devices and the protocol's sets.</summary>
public sealed record MethodContext(SpaceData Data, ExperimentOptions Options, string TaskId, int Trial, IReadOnlyList<int> Sources, EvaluationSplit Split)
{
    /// <summary>A seed for one purpose in this trial, derived from the run's root seed.</summary>
    public int Seed(params object[] purpose) => Training.Seeds.Derive(Options.Seed, [TaskId, "trial", Trial, .. purpose]);
}

/// <summary>
/// One target device at one k: its k measured <paramref name="Sample"/>, the <paramref name="Architectures"/> to score,
/// and the random stream the sample draw left, which the method may go on using.
/// </summary>
public sealed record TargetQuery(int Device, int K, IReadOnlyList<int> Sample, IReadOnlyList<int> Architectures, Random Random);

/// <summary>
/// A method's scores for a target (higher = slower; they only need to rank). <paramref name="Snapshots"/> holds one
/// score array per evaluated state, and the metrics are their mean: one for most methods, the last fine-tuning epochs
/// for NASFLAT (the paper's protocol).
/// </summary>
public sealed record MethodPrediction(IReadOnlyList<float[]> Snapshots)
{
    /// <summary>The source device whose embedding the adaptation started from, for methods that copy one.</summary>
    public string? InitializedFrom { get; init; }

    /// <summary>A structural prior blended into the scores, with what the harness needs to report each side alone.</summary>
    public BlendedPrior? Prior { get; init; }

    /// <summary>The large-sample check of a partner method (<c>--large-sample-from</c>): its evidence and whether it was averaged in.</summary>
    public PartnerCheck? Partner { get; init; }

    public static MethodPrediction Of(float[] scores) => new([scores]);
}

/// <summary>
/// A prior blended into a method's scores: its weight and the evidence behind it (the prior's leave-one-out ρ and the
/// predictor's cross-validated ρ on the samples), the predictor's own snapshots, the prior's scores and which prior it was.
/// </summary>
public sealed record BlendedPrior(double Weight, double LeaveOneOutRho, double PredictorCrossValidatedRho,
    IReadOnlyList<float[]> PredictorSnapshots, float[] PriorScores, Priors.PriorSource Source = Priors.PriorSource.Ridge);

/// <summary>
/// A few-shot latency predictor as the harness runs it: learn from the source devices, then score a target device's
/// architectures after seeing k of its measurements. NASFLAT's predictor and every baseline implement it, and the
/// harness gives them the same samples and scores them on the same architectures.
/// </summary>
public interface IFewShotMethod : IDisposable
{
    /// <summary>The name used on the command line and in reports.</summary>
    string Name { get; }

    /// <summary>Learns from the source devices for this trial and k (methods that do not depend on k keep one result per trial).</summary>
    /// <param name="progress">Receives the fraction done (0–1) of long learning, such as pretraining or HELP's episodes.</param>
    void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation);

    /// <summary>Adapts to the target's samples and scores its architectures.</summary>
    MethodPrediction Predict(MethodContext context, TargetQuery target, CancellationToken cancellation);
}

/// <summary>A method that can say, from the k samples alone, how well it ranks architectures it did not see.</summary>
public interface ICrossValidatedMethod : IFewShotMethod
{
    /// <summary>Spearman ρ of the method's held-out scores over folds of the target's samples (trained on the others).</summary>
    double CrossValidatedRho(MethodContext context, TargetQuery target, CancellationToken cancellation);
}

using Nasflat.Data;
using Nasflat.Experiments;

namespace Nasflat.Baselines;

/// <summary>What a method may use in one trial of a task: the space, the options, the source devices and the protocol's sets.</summary>
public sealed record MethodContext(SpaceData Data, ExperimentOptions Options, string TaskId, int Trial, IReadOnlyList<int> Sources, EvaluationSplit Split)
{
    /// <summary>A seed for one purpose in this trial, derived from the run's root seed.</summary>
    public int Seed(params object[] purpose) => Training.Seeds.Derive(Options.Seed, [TaskId, "trial", Trial, .. purpose]);
}

/// <summary>
/// A few-shot latency predictor as the comparison harness runs it: learn from the source devices, then score a target
/// device's architectures after seeing k of its measurements. Scores only need to rank (higher = slower).
/// </summary>
public interface IFewShotMethod : IDisposable
{
    /// <summary>The name used on the command line and in reports.</summary>
    string Name { get; }

    /// <summary>Learns from the source devices for this trial and k (methods that do not depend on k keep one result per trial).</summary>
    /// <param name="progress">Receives the fraction done (0–1) of long learning, such as HELP's episodes.</param>
    void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation);

    /// <summary>Scores <paramref name="architectures"/> on the target after adapting to its <paramref name="sample"/>.</summary>
    float[] Predict(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random);
}

using Nasflat.Evaluation;
using Nasflat.Experiments;
using Nasflat.Methods;

namespace Nasflat.Baselines;

/// <summary>
/// NASFLAT's default below <see cref="ExperimentOptions.SmallSampleBelow"/> samples: the predictor's ranking (blended
/// with the device mixture) averaged with those of GBT, fit on the sources and the samples, and FLOPs, which needs no
/// sample. Chosen on leave-one-device-out at k = 5 (ADR 0008): FLOPs keeps the ensemble from falling far below FLOPs on
/// devices whose latency follows compute. Each ranking counts by how well it orders the k measured samples
/// (<see cref="SmallSampleWeighting.SampleTau"/>), or all equally. <c>bench</c> and <c>predict</c> both use it.
/// </summary>
public static class SmallSampleRecipe
{
    /// <summary>
    /// A ranking whose Kendall τ on the samples is at or below this still counts this much: five samples give τ in steps
    /// of 0.2, and one unlucky pair must not silence a member.
    /// </summary>
    public const double WeightFloor = 0.05;

    public static IReadOnlyList<IFewShotMethod> Partners(ExperimentOptions options) =>
        [new GbtMethod(options.Baselines.Gbt), new CostProxyMethod("flops")];

    /// <summary>
    /// The members' rankings averaged (the predictor's first, then the partners'). <paramref name="samplePositions"/> are
    /// the samples' positions among the scored architectures and <paramref name="sampleLatencies"/> their measurements.
    /// </summary>
    public static MethodPrediction Combine(IReadOnlyList<MethodPrediction> members, SmallSampleWeighting weighting,
        IReadOnlyList<int> samplePositions, IReadOnlyList<double> sampleLatencies) => weighting switch
        {
            SmallSampleWeighting.Equal => RankEnsembleMethod.Average(members),
            SmallSampleWeighting.SampleTau => RankEnsembleMethod.Average(members, Weights(members, samplePositions, sampleLatencies)),
            _ => throw new ArgumentOutOfRangeException(nameof(weighting), weighting, null),
        };

    /// <summary>
    /// Each member's weight: Kendall's τ-b between its ranking and the measured latencies on the samples, at least
    /// <see cref="WeightFloor"/>. The predictor and GBT have seen the samples, so their τ is near 1 and the weight mainly
    /// tells how far FLOPs, which has not, can be trusted on this device.
    /// </summary>
    public static double[] Weights(IReadOnlyList<MethodPrediction> members, IReadOnlyList<int> samplePositions, IReadOnlyList<double> sampleLatencies)
    {
        if (samplePositions.Count != sampleLatencies.Count)
            throw new ArgumentException($"{samplePositions.Count} sample positions but {sampleLatencies.Count} latencies.", nameof(sampleLatencies));
        var latencies = sampleLatencies.ToArray();
        return [.. members.Select(member =>
        {
            var ranks = RankEnsembleMethod.MeanRanks(member);
            double tau = RankCorrelation.KendallTauB(samplePositions.Select(p => ranks[p]).ToArray(), latencies);
            return double.IsFinite(tau) ? Math.Max(WeightFloor, tau) : WeightFloor;
        })];
    }
}

/// <summary>How the small-sample recipe weighs its members' rankings (<c>--small-sample-weights</c>).</summary>
public enum SmallSampleWeighting
{
    /// <summary>All rankings count the same (the recipe until 2026-12-05).</summary>
    Equal,

    /// <summary>Each ranking counts by its Kendall τ on the k samples (<see cref="SmallSampleRecipe.Weights"/>).</summary>
    SampleTau,
}

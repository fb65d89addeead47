using Nasflat.Evaluation;
using Nasflat.Experiments;

namespace Nasflat.Methods;

/// <summary>
/// How the small-sample recipe (<see cref="ExperimentOptions.SmallSampleBelow"/>) averages its rankings: each counts by
/// its Kendall τ on the k measured samples (<see cref="SmallSampleWeighting.SampleTau"/>), or all equally. On
/// leave-one-device-out at k = 5 the τ weights raised the mean ρ and the worst decile in both spaces (ADR 0008).
/// </summary>
public static class SampleTauWeights
{
    /// <summary>
    /// A ranking whose Kendall τ on the samples is at or below this still counts this much. Five samples give τ in steps
    /// of 0.2 with a standard error near 0.4, so one unlucky draw must not silence a member: with a floor of 0.05 FLOPs
    /// lost its vote on gold_6226 (NB201) and samsung_s7 (FBNet), where it ranks the whole space well (ADR 0008).
    /// </summary>
    public const double Floor = 0.3;

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
    /// <see cref="Floor"/>. The predictor and GBT have seen the samples, so their τ is near 1 and the weight mainly
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
            return double.IsFinite(tau) ? Math.Max(Floor, tau) : Floor;
        })];
    }
}

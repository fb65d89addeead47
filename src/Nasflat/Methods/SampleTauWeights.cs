using Nasflat.Evaluation;
using Nasflat.Experiments;

namespace Nasflat.Methods;

/// <summary>
/// How the small-sample recipe (<see cref="ExperimentOptions.SmallSampleBelow"/>) averages its rankings: each counts by
/// its Kendall τ on the k measured samples (<see cref="SmallSampleWeighting.SampleTau"/>), with extra weight for a
/// sample-free ranking whose τ is high (<see cref="SmallSampleWeighting.SampleTauHeldOut"/>), or all equally. On
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

    /// <summary>Above this τ on the samples a sample-free ranking starts to gain extra weight.</summary>
    public const double HeldOutFrom = 0.6;

    /// <summary>
    /// The extra weight a sample-free ranking gains at τ = 1, linearly from <see cref="HeldOutFrom"/>. The fitted members'
    /// τ on the samples is near 1 wherever they rank the rest well or badly, so at τ = 1 only the sample-free ranking has
    /// shown anything; on the devices whose latency follows compute, FLOPs ranks at ρ 0.93–0.98 and the fitted members
    /// 0.1–0.3 lower (ADR 0008).
    /// </summary>
    public const double HeldOutBonus = 2.0;

    /// <summary>
    /// The members' rankings averaged (the predictor's first, then the partners'). <paramref name="samplePositions"/> are
    /// the samples' positions among the scored architectures and <paramref name="sampleLatencies"/> their measurements;
    /// <paramref name="sampleFree"/> marks the members that ranked without reading the samples (none when null).
    /// </summary>
    public static MethodPrediction Combine(IReadOnlyList<MethodPrediction> members, SmallSampleWeighting weighting,
        IReadOnlyList<int> samplePositions, IReadOnlyList<double> sampleLatencies, IReadOnlyList<bool>? sampleFree = null) => weighting switch
        {
            SmallSampleWeighting.Equal => RankEnsembleMethod.Average(members),
            SmallSampleWeighting.SampleTau => RankEnsembleMethod.Average(members, Weights(members, samplePositions, sampleLatencies)),
            SmallSampleWeighting.SampleTauHeldOut => RankEnsembleMethod.Average(members, Weights(members, samplePositions, sampleLatencies, sampleFree)),
            _ => throw new ArgumentOutOfRangeException(nameof(weighting), weighting, null),
        };

    /// <summary>
    /// Each member's weight: Kendall's τ-b between its ranking and the measured latencies on the samples, at least
    /// <see cref="Floor"/>. The predictor and GBT have seen the samples, so their τ is near 1 and the weight mainly
    /// tells how far FLOPs, which has not, can be trusted on this device. A member marked in <paramref name="sampleFree"/>
    /// gains up to <see cref="HeldOutBonus"/> more, linearly as its τ rises from <see cref="HeldOutFrom"/> to 1.
    /// </summary>
    public static double[] Weights(IReadOnlyList<MethodPrediction> members, IReadOnlyList<int> samplePositions, IReadOnlyList<double> sampleLatencies,
        IReadOnlyList<bool>? sampleFree = null)
    {
        if (samplePositions.Count != sampleLatencies.Count)
            throw new ArgumentException($"{samplePositions.Count} sample positions but {sampleLatencies.Count} latencies.", nameof(sampleLatencies));
        if (sampleFree is not null && sampleFree.Count != members.Count)
            throw new ArgumentException($"{members.Count} members but {sampleFree.Count} sample-free flags.", nameof(sampleFree));
        var latencies = sampleLatencies.ToArray();
        return [.. members.Select((member, i) =>
        {
            var ranks = RankEnsembleMethod.MeanRanks(member);
            double tau = RankCorrelation.KendallTauB(samplePositions.Select(p => ranks[p]).ToArray(), latencies);
            if (!double.IsFinite(tau)) return Floor;
            double bonus = sampleFree?[i] == true ? HeldOutBonus * Math.Max(0, tau - HeldOutFrom) / (1 - HeldOutFrom) : 0;
            return Math.Max(Floor, tau) + bonus;
        })];
    }
}

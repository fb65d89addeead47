using Nasflat.Experiments;
using Nasflat.Methods;

namespace Nasflat.Baselines;

/// <summary>
/// The methods whose rankings NASFLAT's default averages with its own below <see cref="ExperimentOptions.SmallSampleBelow"/>
/// samples: GBT, fit on the sources and the samples, and FLOPs, which needs no sample. Chosen on leave-one-device-out
/// at k = 5 (ADR 0008): FLOPs keeps the ensemble from falling far below FLOPs on devices whose latency follows compute.
/// <see cref="SampleTauWeights"/> weighs the rankings. <c>bench</c> and <c>predict</c> both use it.
/// </summary>
public static class SmallSampleRecipe
{
    public static IReadOnlyList<IFewShotMethod> Partners(ExperimentOptions options) =>
        [new GbtMethod(options.Baselines.Gbt), new CostProxyMethod("flops")];
}

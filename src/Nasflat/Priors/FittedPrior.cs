namespace Nasflat.Priors;

/// <summary>The structural prior's scores for one target device, and how much they weigh in the blend.</summary>
/// <param name="Scores">Per architecture, in the order they were asked for.</param>
/// <param name="Weight">The prior's weight in the rank blend (0..1).</param>
/// <param name="LeaveOneOutRho">The prior's held-out ρ on the samples (leave-one-out for the ridge, cross-validated for the mixture).</param>
/// <param name="PredictorRho">The predictor's cross-validated ρ on the samples (NaN when the weight is fixed).</param>
/// <param name="Source">The prior that was fitted and blended: the ridge or the mixture (never <c>Choose</c>).</param>
public sealed record FittedPrior(float[] Scores, double Weight, double LeaveOneOutRho, double PredictorRho, PriorSource Source = PriorSource.Ridge)
{
    /// <summary>The predictor's scores rank-blended with the prior's.</summary>
    public float[] Blend(float[] predictorScores) => StructuralRidge.BlendRanks(predictorScores, Scores, Weight);
}

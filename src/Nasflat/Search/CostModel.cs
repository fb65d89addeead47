namespace Nasflat.Search;

/// <summary>
/// Turns measurements into wall-clock: every architecture measured on the target device costs
/// <c>secondsPerMeasurement</c> (deploy, warm up, time repeatedly); computation is added as measured.
/// </summary>
/// <remarks>
/// Speed-ups are defined against baselines that reach a pick of the same kind:
/// <list type="bullet">
/// <item><b>measure-all</b>: measure every candidate the search evaluated instead of predicting it, then pick the best
/// feasible one: <c>evaluated × c</c>.</item>
/// <item><b>BRP-NAS budget</b>: train a predictor from 900 measurements of the target (BRP-NAS's setting in the
/// paper's comparison): <c>900 × c</c> plus the same compute.</item>
/// </list>
/// Nasflat's cost is <c>(k + verifications) × c</c> plus its fine-tuning, prediction and search time; pretraining on
/// known devices is done once for all targets and reported separately.
/// </remarks>
public sealed record CostModel(double SecondsPerMeasurement)
{
    public const int BrpNasMeasurements = 900;

    public double Seconds(double measurements, double computeSeconds) => measurements * SecondsPerMeasurement + computeSeconds;

    public double SpeedupOverMeasureAll(SearchSummary s) =>
        Seconds(s.MeanCandidates, 0) / Seconds(s.MeanMeasurements, s.MeanComputeSeconds);

    public double SpeedupOverBrpNas(SearchSummary s) =>
        Seconds(BrpNasMeasurements, s.MeanComputeSeconds) / Seconds(s.MeanMeasurements, s.MeanComputeSeconds);
}

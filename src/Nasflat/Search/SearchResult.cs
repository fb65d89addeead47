namespace Nasflat.Search;

/// <summary>
/// One architecture chosen by one strategy for one constraint in one run, checked against the truth.
/// </summary>
/// <param name="Measurements">Target-device measurements spent: the k transfer samples plus verifications.</param>
/// <param name="CandidatesEvaluated">Architectures whose accuracy and predicted latency the search looked at.</param>
/// <param name="OracleAccuracy">Best accuracy of any architecture whose true latency meets the constraint (whole space).</param>
/// <param name="ComputeSeconds">Fine-tuning, prediction and search time of this run (pretraining is reported separately).</param>
public sealed record SearchPick(
    string Device, SearchStrategy Strategy, double ConstraintMs, int Run,
    int? Index, string? Architecture, double? PredictedMs, double? TrueMs, double? Accuracy,
    bool Violates, bool Verified, int Measurements, int CandidatesEvaluated,
    double OracleAccuracy, double ComputeSeconds)
{
    /// <summary>Accuracy points below the oracle (a missing pick counts as the whole oracle accuracy).</summary>
    public double AccuracyGap => OracleAccuracy - (Accuracy ?? 0);
}

/// <summary>Summary of one (device, strategy, constraint) over repeated runs.</summary>
public sealed record SearchSummary(
    string Device, SearchStrategy Strategy, double ConstraintMs, int Runs,
    double ViolationRate, double MeanTrueMs, double MeanAccuracy, double OracleAccuracy, double MeanGap, double MaxGap,
    double MeanMeasurements, double MeanCandidates, double MeanComputeSeconds);

public sealed record SearchResult(IReadOnlyList<SearchOptions> Options, IReadOnlyList<string> Sources, IReadOnlyList<SearchPick> Picks, double PretrainSeconds)
{
    public IReadOnlyList<SearchSummary> Summaries => Picks
        .GroupBy(p => (p.Device, p.Strategy, p.ConstraintMs))
        .Select(g => new SearchSummary(g.Key.Device, g.Key.Strategy, g.Key.ConstraintMs, g.Count(),
            g.Average(p => p.Violates ? 1.0 : 0.0),
            g.Where(p => p.TrueMs is not null).Select(p => p.TrueMs!.Value).DefaultIfEmpty(double.NaN).Average(),
            g.Average(p => p.Accuracy ?? 0), g.First().OracleAccuracy, g.Average(p => p.AccuracyGap), g.Max(p => p.AccuracyGap),
            g.Average(p => p.Measurements), g.Average(p => p.CandidatesEvaluated), g.Average(p => p.ComputeSeconds)))
        .ToList();
}

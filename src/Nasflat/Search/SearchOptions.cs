using Nasflat.Spaces.Nb201;
using Nasflat.Priors;

namespace Nasflat.Search;

/// <summary>How candidates are proposed.</summary>
public enum SearchStrategy
{
    /// <summary>
    /// The paper's (HELP's) protocol: walk the 500 MetaD2A candidates in order, keep the first 3 whose predicted
    /// latency meets the constraint, take the most accurate of them. No verification.
    /// </summary>
    MetaD2A,
    /// <summary>
    /// Regularised evolution over the whole space with the predictor as the latency model, then verification:
    /// candidates are measured by expected gain until no measurement is worth it, and the most accurate one measured
    /// to meet the constraint is picked.
    /// </summary>
    Evolution,
}

/// <summary>Everything a latency-constrained search run needs besides the predictor's recipe.</summary>
public sealed record SearchOptions
{
    public required string Device { get; init; }
    public required IReadOnlyList<double> ConstraintsMs { get; init; }
    public int K { get; init; } = 20;
    public Nb201Dataset Accuracy { get; init; } = Nb201Dataset.Cifar100;
    public IReadOnlyList<SearchStrategy> Strategies { get; init; } = [SearchStrategy.MetaD2A, SearchStrategy.Evolution];

    /// <summary>Architectures whose accuracy the evolution may query (its budget).</summary>
    public int EvolutionBudget { get; init; } = 3000;
    public int Population { get; init; } = 50;
    public int TournamentSize { get; init; } = 10;

    /// <summary>
    /// At most this many extra measurements verify the evolution's picks; verification stops earlier when no
    /// candidate's expected gain reaches <see cref="MinimumExpectedGain"/> (on the paper's five devices 1–47 were used).
    /// </summary>
    public int VerificationBudget { get; init; } = 60;

    /// <summary>
    /// Verification stops when no candidate's expected gain — P(truly feasible) × accuracy points above the best
    /// feasible architecture measured so far — reaches this many accuracy points. Lower spends more measurements.
    /// </summary>
    public double MinimumExpectedGain { get; init; } = 1e-4;

    /// <summary>
    /// The smallest relative latency error the search assumes for an architecture far from anything measured; the
    /// <see cref="LatencyBelief"/> uses the calibration's leave-one-out error when that is larger.
    /// </summary>
    public double Band { get; init; } = 0.05;

    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.Isotonic;
    public int Runs { get; init; } = 5;
    public int Seed { get; init; } = 42;

    /// <summary>Wall-clock seconds to measure one architecture on the target device (cost model).</summary>
    public double SecondsPerMeasurement { get; init; } = 10;

    public void Validate()
    {
        if (ConstraintsMs.Count == 0 || ConstraintsMs.Any(c => c <= 0)) throw new NasflatException("Give one or more positive latency constraints in ms.");
        if (K < 2) throw new NasflatException("k must be at least 2.");
        if (Runs < 1) throw new NasflatException("At least one run is needed.");
        if (EvolutionBudget < Population || Population < TournamentSize || TournamentSize < 1)
            throw new NasflatException("Evolution needs budget ≥ population ≥ tournament size ≥ 1.");
        if (VerificationBudget < 0 || Band < 0 || MinimumExpectedGain < 0) throw new NasflatException("Verification budget, band and minimum gain cannot be negative.");
    }
}

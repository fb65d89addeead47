using Nasflat.Data;
using Nasflat.Encodings;
using Nasflat.Evaluation;

namespace Nasflat.Priors;

/// <summary>
/// A ridge regression of log latency on a handful of structural features (how many nodes carry each operation, log
/// FLOPs, log parameters), fitted on a device's k measured samples alone. With about ten coefficients it needs few
/// samples, and it finds what a graph network fine-tuned on k samples often misses: on FBNet a GPU at batch 1 ranks
/// architectures by their number of non-skip layers, a phone or an accelerator by their FLOPs.
/// </summary>
public sealed class StructuralRidge
{
    /// <summary>The feature sets (<see cref="FeatureCatalog"/> names) the regression reads.</summary>
    public static IReadOnlyList<string> FeatureSets { get; } = ["opcount", "flops", "params"];

    /// <summary>Penalties tried (with every feature subset); the lowest leave-one-out error on the samples wins.</summary>
    private static readonly double[] PenaltyGrid = [0.01, 0.1, 1, 10];

    private readonly FeatureMatrix _features;
    private readonly int[] _columns;
    private readonly double[] _weights;

    /// <summary>The penalty chosen by leave-one-out.</summary>
    public double Penalty { get; }

    /// <summary>Spearman ρ of the leave-one-out predictions on the samples: an honest estimate of the fit's quality.</summary>
    public double LeaveOneOutRho { get; }

    private StructuralRidge(FeatureMatrix features, int[] columns, double[] weights, double penalty, double leaveOneOutRho)
    {
        _features = features;
        _columns = columns;
        _weights = weights;
        Penalty = penalty;
        LeaveOneOutRho = leaveOneOutRho;
    }

    public static FeatureMatrix Features(SpaceData data) =>
        FeatureMatrix.Concat("structural", FeatureSets.Select(name => FeatureCatalog.Build(data, name)).ToList());

    /// <summary>
    /// Fits on the samples' measured latencies (milliseconds, positive). Every subset of <see cref="Subsets"/> and every
    /// penalty is tried; the pair with the lowest leave-one-out error on the samples is kept, so a device that follows
    /// FLOPs alone is not fitted with ten noisy coefficients.
    /// </summary>
    public static StructuralRidge Fit(FeatureMatrix features, LatencyMatrix latency, int device, IReadOnlyList<int> sample)
    {
        var column = latency.Column(device);
        return Fit(features, sample, sample.Select(a => column[a]).ToArray());
    }

    /// <inheritdoc cref="Fit(FeatureMatrix, LatencyMatrix, int, IReadOnlyList{int})"/>
    public static StructuralRidge Fit(FeatureMatrix features, IReadOnlyList<int> sample, IReadOnlyList<double> latencyMs)
    {
        if (sample.Count != latencyMs.Count) throw new ArgumentException("One latency per sample is needed.", nameof(latencyMs));
        if (sample.Count < 3) throw new NasflatException($"The structural prior needs at least 3 measured samples; got {sample.Count}.");
        if (latencyMs.Any(ms => !(ms > 0))) throw new NasflatException("Latencies must be positive to fit the structural prior on their logarithm.");
        var targets = latencyMs.Select(ms => Math.Log(ms)).ToArray();

        (double Error, int[] Columns, double Penalty, double[] HeldOut) best = (double.PositiveInfinity, [], 0, []);
        foreach (var columns in Subsets(features))
        {
            var rows = sample.Select(a => Design(features, columns, a)).ToArray();
            foreach (double penalty in PenaltyGrid)
            {
                var heldOut = new double[rows.Length];
                for (int i = 0; i < rows.Length; i++)
                {
                    var keep = Enumerable.Range(0, rows.Length).Where(j => j != i).ToArray();
                    var weights = Solve(keep.Select(j => rows[j]).ToArray(), keep.Select(j => targets[j]).ToArray(), penalty);
                    heldOut[i] = Dot(weights, rows[i]);
                }
                double error = heldOut.Select((p, i) => (p - targets[i]) * (p - targets[i])).Sum();
                if (error < best.Error) best = (error, columns, penalty, heldOut);
            }
        }
        var chosen = sample.Select(a => Design(features, best.Columns, a)).ToArray();
        return new StructuralRidge(features, best.Columns, Solve(chosen, targets, best.Penalty), best.Penalty,
            RankCorrelation.Spearman(best.HeldOut, targets));
    }

    /// <summary>Column subsets tried: FLOPs, params, both, the operation counts, and everything.</summary>
    private static IEnumerable<int[]> Subsets(FeatureMatrix features)
    {
        var names = features.ColumnNames;
        int flops = names.IndexOf("flops"), parameters = names.IndexOf("params");
        var counts = Enumerable.Range(0, names.Length).Where(c => c != flops && c != parameters).ToArray();
        yield return [flops];
        yield return [parameters];
        yield return [flops, parameters];
        yield return counts;
        yield return [.. counts, flops, parameters];
    }

    /// <summary>The feature columns the chosen fit reads.</summary>
    public IReadOnlyList<string> ChosenFeatures => _columns.Select(c => _features.ColumnNames[c]).ToList();

    /// <summary>Predicted log latency of each architecture (higher = slower).</summary>
    public float[] Score(IReadOnlyList<int> architectures) =>
        architectures.Select(a => (float)Dot(_weights, Design(_features, _columns, a))).ToArray();

    /// <summary>
    /// Mixes two rankings: each score becomes its rank over the architectures, scaled to 0..1, and the result is
    /// <c>(1 − w)·rank(first) + w·rank(second)</c>. Ranks make the mix blind to the scales of the two predictors.
    /// </summary>
    public static float[] BlendRanks(float[] first, float[] second, double secondWeight)
    {
        if (first.Length != second.Length) throw new ArgumentException("Both rankings must cover the same architectures.");
        if (secondWeight is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(secondWeight), secondWeight, "The weight lies between 0 and 1.");
        var a = Ranks.Average(first.Select(x => (double)x).ToArray());
        var b = Ranks.Average(second.Select(x => (double)x).ToArray());
        double n = Math.Max(1, first.Length);
        return a.Select((r, i) => (float)(((1 - secondWeight) * r + secondWeight * b[i]) / n)).ToArray();
    }

    // The last column is the intercept, which is not penalised.
    private static double[] Design(FeatureMatrix features, int[] columns, int architecture)
    {
        var row = features.Row(architecture);
        var design = new double[columns.Length + 1];
        for (int c = 0; c < columns.Length; c++) design[c] = row[columns[c]];
        design[^1] = 1;
        return design;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>Solves (XᵀX + λ·P) w = Xᵀy by Cholesky, P penalising every coefficient but the intercept.</summary>
    private static double[] Solve(double[][] rows, double[] targets, double penalty)
    {
        int d = rows[0].Length;
        var a = new double[d, d];
        var b = new double[d];
        for (int r = 0; r < rows.Length; r++)
            for (int i = 0; i < d; i++)
            {
                b[i] += rows[r][i] * targets[r];
                for (int j = 0; j < d; j++) a[i, j] += rows[r][i] * rows[r][j];
            }
        for (int i = 0; i < d - 1; i++) a[i, i] += penalty;
        a[d - 1, d - 1] += 1e-9; // keeps the system definite when every sample shares a feature value
        return Numerics.Cholesky.Solve(Numerics.Cholesky.Factor(a), b);
    }
}

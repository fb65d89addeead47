using Nasflat.Data;
using Nasflat.Evaluation;

namespace Nasflat.Priors;

/// <summary>
/// The log latencies of the space on the source devices, plus log FLOPs and log parameters, each standardised over all
/// architectures: the columns a <see cref="DeviceMixture"/> mixes. Built once per source set.
/// </summary>
public sealed class MixtureColumns
{
    internal double[][] Columns { get; }
    internal int SourceCount { get; }
    public IReadOnlyList<string> Names { get; }

    public MixtureColumns(SpaceData data, IReadOnlyList<int> sources)
    {
        var latency = data.Latency;
        var columns = new List<double[]>();
        foreach (int source in sources)
        {
            var column = latency.Column(source);
            var logs = column.Select(ms => ms > 0 ? Math.Log(ms) : double.NaN).ToArray();
            // A source missing some cells (LatBench) gives them its median: no opinion on their rank. Only such a
            // source pays for the median's sort, which was most of the cost of building the columns.
            if (logs.Any(v => !double.IsFinite(v)))
            {
                double median = Statistics.Median(logs.Where(double.IsFinite));
                for (int i = 0; i < logs.Length; i++) if (!double.IsFinite(logs[i])) logs[i] = median;
            }
            columns.Add(logs);
        }
        columns.Add(Enumerable.Range(0, data.ArchitectureCount).Select(a => Math.Log(Math.Max(1, data.Flops(a)))).ToArray());
        columns.Add(Enumerable.Range(0, data.ArchitectureCount).Select(a => Math.Log(Math.Max(1, data.Parameters(a)))).ToArray());
        foreach (var column in columns) Standardise(column);
        Columns = [.. columns];
        SourceCount = sources.Count;
        Names = [.. sources.Select(s => latency.Devices[s].Name), "log flops", "log params"];
    }

    private static void Standardise(double[] column)
    {
        double mean = column.Average();
        double sd = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / column.Length);
        for (int i = 0; i < column.Length; i++) column[i] = sd > 0 ? (column[i] - mean) / sd : 0;
    }
}

/// <summary>
/// A target device as a non-negative mixture of known devices: its log latency is fitted on its k samples as
/// <c>a + Σ wⱼ zⱼ</c> over the standardised log latencies of the sources (and log FLOPs and parameters), with every
/// wⱼ ≥ 0 and a ridge penalty that shrinks the weights towards the <em>consensus</em> (all sources weighted alike,
/// scaled to the samples). A latency ranking is never the reverse of a device's, so the sign constraint removes half of
/// the ways to overfit five points, and with strong shrinkage the fit is the consensus of all known devices.
/// </summary>
/// <remarks>
/// The penalty is chosen by cross-validation on the k samples (leave-one-out up to 20 samples, 10 folds above), with
/// the one-standard-error rule towards more shrinkage: on a handful of noisy points the penalty with the lowest error
/// is itself an optimistic choice, and the simplest model within one standard error of it generalises better.
/// </remarks>
public sealed class DeviceMixture
{
    private static readonly double[] PenaltyPerSample = [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100];

    private readonly MixtureColumns _columns;
    private readonly double[] _weights;
    private readonly double _intercept;

    /// <summary>Cross-validated squared error of the chosen penalty (mean over samples, log-latency units).</summary>
    public double CrossValidatedError { get; }

    /// <summary>Spearman ρ of the cross-validated predictions on the samples.</summary>
    public double CrossValidatedRho { get; }

    public double Penalty { get; }

    private DeviceMixture(MixtureColumns columns, double[] weights, double intercept, double penalty, double error, double rho)
    {
        _columns = columns;
        _weights = weights;
        _intercept = intercept;
        Penalty = penalty;
        CrossValidatedError = error;
        CrossValidatedRho = rho;
    }

    /// <summary>The non-zero weights, largest first (source names, "log flops", "log params").</summary>
    public IReadOnlyList<(string Column, double Weight)> Weights => _weights
        .Select((w, j) => (_columns.Names[j], w)).Where(p => p.w > 0).OrderByDescending(p => p.w).ToList();

    public static DeviceMixture Fit(MixtureColumns columns, IReadOnlyList<int> sample, IReadOnlyList<double> latencyMs)
    {
        if (sample.Count != latencyMs.Count) throw new ArgumentException("One latency per sample is needed.", nameof(latencyMs));
        if (sample.Count < 3) throw new NasflatException($"A device mixture needs at least 3 measured samples; got {sample.Count}.");
        if (latencyMs.Any(ms => !(ms > 0))) throw new NasflatException("Latencies must be positive to fit a device mixture on their logarithm.");
        var y = latencyMs.Select(ms => Math.Log(ms)).ToArray();
        var x = sample.Select(a => columns.Columns.Select(c => c[a]).ToArray()).ToArray();
        int n = sample.Count;
        int folds = n <= 20 ? n : 10;

        // Held-out predictions per penalty; each fold fits on the others exactly as the final fit does.
        var errors = new double[PenaltyPerSample.Length][];
        var heldOut = new double[PenaltyPerSample.Length][];
        for (int p = 0; p < PenaltyPerSample.Length; p++) { errors[p] = new double[n]; heldOut[p] = new double[n]; }
        for (int fold = 0; fold < folds; fold++)
        {
            var train = Enumerable.Range(0, n).Where(i => i % folds != fold).ToArray();
            var test = Enumerable.Range(0, n).Where(i => i % folds == fold).ToArray();
            double[]? warm = null;
            for (int p = 0; p < PenaltyPerSample.Length; p++)
            {
                var (w, a) = Solve(columns.SourceCount, train.Select(i => x[i]).ToArray(), train.Select(i => y[i]).ToArray(), PenaltyPerSample[p] * train.Length, warm);
                warm = w;
                foreach (int i in test)
                {
                    heldOut[p][i] = a + Dot(w, x[i]);
                    errors[p][i] = (heldOut[p][i] - y[i]) * (heldOut[p][i] - y[i]);
                }
            }
        }
        var mean = errors.Select(e => e.Average()).ToArray();
        int best = Array.IndexOf(mean, mean.Min());
        double se = Math.Sqrt(errors[best].Sum(e => (e - mean[best]) * (e - mean[best])) / Math.Max(1, n - 1) / n);
        int chosen = best;
        for (int p = PenaltyPerSample.Length - 1; p > best; p--)
            if (mean[p] <= mean[best] + se) { chosen = p; break; }

        var (weights, intercept) = Solve(columns.SourceCount, x, y, PenaltyPerSample[chosen] * n, null);
        return new DeviceMixture(columns, weights, intercept, PenaltyPerSample[chosen] * n, mean[chosen], RankCorrelation.Spearman(heldOut[chosen], y));
    }

    /// <summary>Predicted log latency of each architecture (milliseconds after <see cref="Math.Exp"/>).</summary>
    public float[] Score(IReadOnlyList<int> architectures) =>
        architectures.Select(a =>
        {
            double sum = _intercept;
            for (int j = 0; j < _weights.Length; j++) if (_weights[j] != 0) sum += _weights[j] * _columns.Columns[j][a];
            return (float)sum;
        }).ToArray();

    /// <summary>
    /// Non-negative ridge towards the consensus by coordinate descent on the centred Gram matrix. The consensus
    /// weights are the least-squares scale of the sources' mean column, spread evenly over the sources.
    /// </summary>
    private static (double[] Weights, double Intercept) Solve(int sourceCount, double[][] x, double[] y, double penalty, double[]? start)
    {
        int n = x.Length, d = x[0].Length;
        var mean = new double[d];
        foreach (var row in x) for (int j = 0; j < d; j++) mean[j] += row[j] / n;
        double meanY = y.Average();
        // Rows of the Gram matrix as arrays: the coordinate descent below reads them in its innermost loop.
        var gram = new double[d][];
        for (int i = 0; i < d; i++) gram[i] = new double[d];
        var cross = new double[d];
        for (int r = 0; r < n; r++)
            for (int i = 0; i < d; i++)
            {
                double xi = x[r][i] - mean[i];
                cross[i] += xi * (y[r] - meanY);
                for (int j = i; j < d; j++) gram[i][j] += xi * (x[r][j] - mean[j]);
            }
        for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) gram[i][j] = gram[j][i];

        double consensusCross = 0, consensusVar = 0;
        for (int i = 0; i < sourceCount; i++)
        {
            consensusCross += cross[i] / sourceCount;
            for (int j = 0; j < sourceCount; j++) consensusVar += gram[i][j] / ((double)sourceCount * sourceCount);
        }
        double scale = consensusVar > 1e-12 ? Math.Max(0, consensusCross / consensusVar) : 0;
        var prior = new double[d];
        for (int j = 0; j < sourceCount; j++) prior[j] = scale / sourceCount;

        var w = start is null ? (double[])prior.Clone() : (double[])start.Clone();
        for (int sweep = 0; sweep < 500; sweep++)
        {
            double change = 0;
            for (int j = 0; j < d; j++)
            {
                var row = gram[j];
                double residual = cross[j];
                for (int l = 0; l < j; l++) residual -= row[l] * w[l];
                for (int l = j + 1; l < d; l++) residual -= row[l] * w[l];
                double updated = Math.Max(0, (residual + penalty * prior[j]) / (row[j] + penalty));
                change = Math.Max(change, Math.Abs(updated - w[j]));
                w[j] = updated;
            }
            if (change < 1e-7) break;
        }
        return (w, meanY - Dot(w, mean));
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}

using Nasflat.Spaces.Nb201;
using Nasflat.Priors;

namespace Nasflat.Search;

/// <summary>
/// What the search believes about an architecture's latency on the target: a log-normal with a per-architecture mean
/// and spread. The trend is the monotone calibration of the predictor's scores on everything measured. What the
/// trend gets wrong is modelled by a Gaussian process over the cells' edit distance, fitted to the measured
/// architectures' leave-one-out residuals (log measured − log trend). Why: the predictor's error is local, so an
/// architecture one edge away from a measured one is likely off by a similar factor. Near measured architectures the
/// belief is sharp, far from them it falls back to the calibration's error, so verification can walk along the
/// constraint boundary instead of guessing from a global band.
/// </summary>
public sealed class LatencyBelief
{
    // Kernel k(a, b) = signal² · [share · (edges that agree) / 6 + (1 − share) · decay^(edges that differ)]: an
    // additive part (an operation on an edge costs more or less than predicted wherever it appears, which is how
    // latency composes) plus a local part (near-identical cells are off by a similar factor). Both are positive
    // definite, so is their mix.
    private static readonly double[] DecayGrid = [0.1, 0.3, 0.5, 0.7];
    private static readonly double[] AdditiveShareGrid = [0, 0.5, 1];
    private static readonly double[] NoiseShareGrid = [0.05, 0.2, 0.5];

    private readonly double[] _trendMs;
    private readonly int[][] _measuredOps;
    private readonly double[] _alpha;
    private readonly double[,] _choleskyLower;
    private readonly double _signal;
    private readonly double _noise;
    private readonly double _decay;
    private readonly double _additiveShare;

    private LatencyBelief(double[] trendMs, int[][] measuredOps, double[] alpha, double[,] choleskyLower, double signal, double noise, double decay,
        double additiveShare)
    {
        _additiveShare = additiveShare;
        _trendMs = trendMs;
        _measuredOps = measuredOps;
        _alpha = alpha;
        _choleskyLower = choleskyLower;
        _signal = signal;
        _noise = noise;
        _decay = decay;
    }

    /// <summary>Edge-wise decay of the residual correlation chosen by marginal likelihood (for reports and tests).</summary>
    public double Decay => _decay;

    /// <summary>Share of the additive (per-edge) kernel chosen by marginal likelihood.</summary>
    public double AdditiveShare => _additiveShare;

    /// <param name="scores">The predictor's score of every architecture.</param>
    /// <param name="measured">Measured architectures and their latencies in ms (at least 3).</param>
    /// <param name="minimumSpread">The smallest prior relative error assumed (the search's band).</param>
    public static LatencyBelief Fit(IReadOnlyList<double> scores, IReadOnlyDictionary<int, double> measured, CalibrationMethod method, double minimumSpread)
    {
        if (measured.Count < 3) throw new NasflatException("A latency belief needs at least 3 measured architectures.");
        var indices = measured.Keys.Order().ToArray();
        var x = indices.Select(a => scores[a]).ToArray();
        var y = indices.Select(a => measured[a]).ToArray();
        var calibration = LatencyCalibration.Fit(x, y, scores, method);
        var trendMs = scores.Select(calibration.Milliseconds).ToArray();

        // Leave-one-out residuals: the trend refitted without each point, so residuals show the real error rather
        // than the near-interpolation of an isotonic fit on its own points.
        var residuals = new double[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            var others = Enumerable.Range(0, indices.Length).Where(j => j != i).ToArray();
            var loo = LatencyCalibration.Fit(others.Select(j => x[j]).ToArray(), others.Select(j => y[j]).ToArray(), scores, method);
            residuals[i] = Math.Log(y[i]) - Math.Log(Math.Max(loo.Milliseconds(x[i]), 1e-6));
        }
        var measuredOps = indices.Select(OpsOf).ToArray();
        double variance = Math.Max(residuals.Average(r => r * r), minimumSpread * minimumSpread);

        LatencyBelief? best = null;
        double bestLikelihood = double.NegativeInfinity;
        foreach (double share in AdditiveShareGrid)
        foreach (double decay in share == 1 ? DecayGrid[..1] : DecayGrid)
        foreach (double noiseShare in NoiseShareGrid)
        {
            double signal = (1 - noiseShare) * variance, noise = noiseShare * variance;
            var lower = Numerics.Cholesky.Factor(Covariance(measuredOps, signal, noise, decay, share));
            var alpha = Numerics.Cholesky.Solve(lower, residuals);
            double logDet = 0;
            for (int i = 0; i < indices.Length; i++) logDet += 2 * Math.Log(lower[i, i]);
            double likelihood = -0.5 * residuals.Zip(alpha).Sum(p => p.First * p.Second) - 0.5 * logDet;
            if (likelihood > bestLikelihood)
            {
                bestLikelihood = likelihood;
                best = new LatencyBelief(trendMs, measuredOps, alpha, lower, signal, noise, decay, share);
            }
        }
        return best!;
    }

    /// <summary>Expected latency in ms (the log-normal's median) of an architecture.</summary>
    public double Milliseconds(int architecture) => Math.Exp(LogMean(architecture, out _));

    /// <summary>Probability that an architecture truly meets a constraint.</summary>
    public double ProbabilityWithin(int architecture, double constraintMs)
    {
        double mean = LogMean(architecture, out double sd);
        return NormalCdf((Math.Log(constraintMs) - mean) / sd);
    }

    private double LogMean(int architecture, out double sd)
    {
        var ops = OpsOf(architecture);
        var k = _measuredOps.Select(m => _signal * Similarity(ops, m, _decay, _additiveShare)).ToArray();
        double correction = k.Zip(_alpha).Sum(p => p.First * p.Second);
        var v = Numerics.Cholesky.ForwardSubstitute(_choleskyLower, k);
        double variance = Math.Max(_signal - v.Sum(e => e * e), 0) + _noise;
        sd = Math.Sqrt(variance);
        return Math.Log(Math.Max(_trendMs[architecture], 1e-6)) + correction;
    }

    private static int[] OpsOf(int architecture) => Nb201Index.CellAt(architecture).Ops.Select(o => (int)o).ToArray();

    private static int Distance(int[] a, int[] b)
    {
        int d = 0;
        for (int e = 0; e < a.Length; e++) if (a[e] != b[e]) d++;
        return d;
    }

    private static double Similarity(int[] a, int[] b, double decay, double additiveShare)
    {
        int differ = Distance(a, b);
        return additiveShare * (a.Length - differ) / a.Length + (1 - additiveShare) * Math.Pow(decay, differ);
    }

    private static double[,] Covariance(int[][] ops, double signal, double noise, double decay, double additiveShare)
    {
        int n = ops.Length;
        var c = new double[n, n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            c[i, j] = signal * Similarity(ops[i], ops[j], decay, additiveShare) + (i == j ? noise : 0);
        return c;
    }

    /// <summary>Standard normal CDF (Abramowitz–Stegun 7.1.26 erf approximation, error below 1.5e-7).</summary>
    internal static double NormalCdf(double z)
    {
        double x = Math.Abs(z) / Math.Sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}

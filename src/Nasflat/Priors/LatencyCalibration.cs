namespace Nasflat.Priors;

/// <summary>How predictor scores (unitless, only their order is meaningful) are turned into milliseconds.</summary>
public enum CalibrationMethod
{
    /// <summary>
    /// Isotonic regression of measured latency on score (pool-adjacent-violators) over the measured samples, linear
    /// between the fitted points and linear extrapolation beyond them with the least-squares slope.
    /// </summary>
    Isotonic,
    /// <summary>The paper's rescaling: scores min–max mapped onto [min, max] of the measured latencies.</summary>
    MinMax,
    /// <summary>
    /// Log-linear: log milliseconds as a least-squares line in the score (non-negative slope). Two parameters, so it
    /// extrapolates smoothly from few points; right for scores that are (close to) log latencies.
    /// </summary>
    LogLinear,
    /// <summary>Isotonic or log-linear, whichever has the lower leave-one-out relative error on the measured architectures.</summary>
    Auto,
}

/// <summary>A monotone map from predictor scores to milliseconds, fitted on the architectures actually measured.</summary>
public sealed class LatencyCalibration
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double _slope;
    private readonly (double Intercept, double Slope)? _logLine;

    /// <summary>The method that was fitted (for <see cref="CalibrationMethod.Auto"/>, the one it chose).</summary>
    public CalibrationMethod Method { get; }

    private LatencyCalibration(double[] x, double[] y, double slope, CalibrationMethod method, (double, double)? logLine = null)
    {
        _x = x;
        _y = y;
        _slope = slope;
        Method = method;
        _logLine = logLine;
    }

    /// <param name="scores">Predicted scores of the measured architectures.</param>
    /// <param name="milliseconds">Their measured latencies.</param>
    /// <param name="allScores">Scores of every architecture (MinMax maps their range).</param>
    public static LatencyCalibration Fit(IReadOnlyList<double> scores, IReadOnlyList<double> milliseconds, IReadOnlyList<double> allScores,
        CalibrationMethod method)
    {
        if (scores.Count < 2) throw new NasflatException("Calibrating scores to milliseconds needs at least 2 measured architectures.");
        if (method == CalibrationMethod.Auto)
            return LeaveOneOutError(scores, milliseconds, allScores, CalibrationMethod.Isotonic) <= LeaveOneOutError(scores, milliseconds, allScores, CalibrationMethod.LogLinear)
                ? Fit(scores, milliseconds, allScores, CalibrationMethod.Isotonic)
                : Fit(scores, milliseconds, allScores, CalibrationMethod.LogLinear);
        if (method == CalibrationMethod.MinMax)
        {
            double lo = allScores.Min(), hi = allScores.Max();
            double msLo = milliseconds.Min(), msHi = milliseconds.Max();
            double slope = hi > lo ? (msHi - msLo) / (hi - lo) : 0;
            return new LatencyCalibration([lo, hi], [msLo, msLo + slope * (hi - lo)], slope, method);
        }
        if (method == CalibrationMethod.LogLinear)
        {
            if (milliseconds.Any(ms => !(ms > 0))) throw new NasflatException("A log-linear calibration needs positive latencies.");
            var (intercept, logSlope) = LeastSquares(scores, milliseconds.Select(ms => Math.Log(ms)).ToList());
            return new LatencyCalibration([], [], 0, method, (intercept, logSlope));
        }

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        // Pool adjacent violators: merge neighbouring blocks until block means increase with the score.
        var blocks = new List<(double SumX, double SumY, int Count)>();
        foreach (int i in order)
        {
            blocks.Add((scores[i], milliseconds[i], 1));
            while (blocks.Count > 1 && blocks[^2].SumY / blocks[^2].Count >= blocks[^1].SumY / blocks[^1].Count)
            {
                var (x, y, c) = blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = (blocks[^1].SumX + x, blocks[^1].SumY + y, blocks[^1].Count + c);
            }
        }
        return new LatencyCalibration(
            blocks.Select(b => b.SumX / b.Count).ToArray(), blocks.Select(b => b.SumY / b.Count).ToArray(),
            LeastSquares(scores, milliseconds).Slope, method);
    }

    /// <summary>Intercept and non-negative slope of the least-squares line of <paramref name="y"/> on <paramref name="x"/>.</summary>
    private static (double Intercept, double Slope) LeastSquares(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double meanX = x.Average(), meanY = y.Average();
        double sxy = x.Zip(y).Sum(p => (p.First - meanX) * (p.Second - meanY));
        double sxx = x.Sum(s => (s - meanX) * (s - meanX));
        double slope = sxx > 0 ? Math.Max(0, sxy / sxx) : 0;
        return (meanY - slope * meanX, slope);
    }

    /// <summary>Mean relative error of each point predicted by the method fitted on the others.</summary>
    private static double LeaveOneOutError(IReadOnlyList<double> scores, IReadOnlyList<double> milliseconds, IReadOnlyList<double> allScores, CalibrationMethod method)
    {
        if (scores.Count < 3) return method == CalibrationMethod.Isotonic ? 0 : 1; // too few to tell: keep isotonic
        double error = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            var others = Enumerable.Range(0, scores.Count).Where(j => j != i).ToArray();
            var fit = Fit(others.Select(j => scores[j]).ToArray(), others.Select(j => milliseconds[j]).ToArray(), allScores, method);
            error += Math.Abs(fit.Milliseconds(scores[i]) - milliseconds[i]) / milliseconds[i];
        }
        return error / scores.Count;
    }

    public double Milliseconds(double score)
    {
        if (_logLine is { } line) return Math.Exp(Math.Clamp(line.Intercept + line.Slope * score, -700, 700));
        if (_x.Length == 1 || score <= _x[0]) return Math.Max(0, _y[0] + _slope * (score - _x[0]));
        if (score >= _x[^1]) return _y[^1] + _slope * (score - _x[^1]);
        int hi = Array.BinarySearch(_x, score);
        if (hi >= 0) return _y[hi];
        hi = ~hi;
        double t = (score - _x[hi - 1]) / (_x[hi] - _x[hi - 1]);
        return _y[hi - 1] + t * (_y[hi] - _y[hi - 1]);
    }
}

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
}

/// <summary>A monotone map from predictor scores to milliseconds, fitted on the architectures actually measured.</summary>
public sealed class LatencyCalibration
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double _slope;

    private LatencyCalibration(double[] x, double[] y, double slope)
    {
        _x = x;
        _y = y;
        _slope = slope;
    }

    /// <param name="scores">Predicted scores of the measured architectures.</param>
    /// <param name="milliseconds">Their measured latencies.</param>
    /// <param name="allScores">Scores of every architecture (MinMax maps their range).</param>
    public static LatencyCalibration Fit(IReadOnlyList<double> scores, IReadOnlyList<double> milliseconds, IReadOnlyList<double> allScores,
        CalibrationMethod method)
    {
        if (scores.Count < 2) throw new NasflatException("Calibrating scores to milliseconds needs at least 2 measured architectures.");
        if (method == CalibrationMethod.MinMax)
        {
            double lo = allScores.Min(), hi = allScores.Max();
            double msLo = milliseconds.Min(), msHi = milliseconds.Max();
            double slope = hi > lo ? (msHi - msLo) / (hi - lo) : 0;
            return new LatencyCalibration([lo, hi], [msLo, msLo + slope * (hi - lo)], slope);
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
        double meanX = scores.Average(), meanY = milliseconds.Average();
        double sxy = scores.Zip(milliseconds).Sum(p => (p.First - meanX) * (p.Second - meanY));
        double sxx = scores.Sum(s => (s - meanX) * (s - meanX));
        return new LatencyCalibration(
            blocks.Select(b => b.SumX / b.Count).ToArray(), blocks.Select(b => b.SumY / b.Count).ToArray(),
            sxx > 0 ? Math.Max(0, sxy / sxx) : 0);
    }

    public double Milliseconds(double score)
    {
        if (_x.Length == 1 || score <= _x[0]) return Math.Max(0, _y[0] + _slope * (score - _x[0]));
        if (score >= _x[^1]) return _y[^1] + _slope * (score - _x[^1]);
        int hi = Array.BinarySearch(_x, score);
        if (hi >= 0) return _y[hi];
        hi = ~hi;
        double t = (score - _x[hi - 1]) / (_x[hi] - _x[hi - 1]);
        return _y[hi - 1] + t * (_y[hi] - _y[hi - 1]);
    }
}

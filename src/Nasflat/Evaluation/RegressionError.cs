namespace Nasflat.Evaluation;

/// <summary>Errors of predicted absolute latencies against measured ones.</summary>
public static class RegressionError
{
    /// <summary>Mean absolute percentage error, in percent.</summary>
    public static double MeanAbsolutePercentageError(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        RequireUsable(predicted, actual);
        double sum = 0;
        for (int i = 0; i < actual.Length; i++) sum += Math.Abs(predicted[i] - actual[i]) / Math.Abs(actual[i]);
        return 100.0 * sum / actual.Length;
    }

    /// <summary>
    /// The share of predictions within ±<paramref name="tolerance"/> (relative, e.g. 0.10 for ±10 %) of the measured
    /// value: the "±10 % accuracy" nn-Meter reports.
    /// </summary>
    public static double WithinTolerance(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, double tolerance)
    {
        RequireUsable(predicted, actual);
        if (tolerance < 0) throw new ArgumentOutOfRangeException(nameof(tolerance));
        int within = 0;
        // The tiny relative slack keeps predictions exactly on the boundary inside despite rounding (0.33 vs 0.3 at 10 %).
        double bound = tolerance * (1 + 1e-12);
        for (int i = 0; i < actual.Length; i++)
            if (Math.Abs(predicted[i] - actual[i]) <= bound * Math.Abs(actual[i])) within++;
        return (double)within / actual.Length;
    }

    private static void RequireUsable(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        Ranks.RequireSameLength(predicted, actual);
        if (actual.Length == 0) throw new ArgumentException("No values to compare.");
        foreach (double v in actual)
            if (v == 0) throw new ArgumentException("A measured latency is 0; relative errors are undefined for it.");
    }
}

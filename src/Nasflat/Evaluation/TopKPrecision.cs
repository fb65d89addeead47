namespace Nasflat.Evaluation;

/// <summary>How well a predictor finds the best (fastest) architectures.</summary>
public static class TopKPrecision
{
    /// <summary>
    /// The share of the k architectures the predictor ranks best that are truly among the best k.
    /// "Best" means lowest value (fastest). An architecture counts as truly top-k when its true value is no worse
    /// than the k-th best true value, so ties at the boundary never depend on an arbitrary order.
    /// The predicted top k are the k lowest predictions, ties broken by index.
    /// </summary>
    public static double Precision(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, int k)
    {
        Ranks.RequireSameLength(predicted, actual);
        if (k < 1 || k > actual.Length) throw new ArgumentOutOfRangeException(nameof(k), $"k must be in 1..{actual.Length}.");
        var trueOrder = Ranks.SortedOrder(actual);
        double threshold = actual[trueOrder[k - 1]];
        var predictedOrder = Ranks.SortedOrder(predicted);
        int hits = 0;
        for (int i = 0; i < k; i++)
            if (actual[predictedOrder[i]] <= threshold) hits++;
        return (double)hits / k;
    }

    /// <summary>Precision at the best <paramref name="fraction"/> of architectures (e.g. 0.1 for top-10 %), k ≥ 1.</summary>
    public static double PrecisionAtFraction(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, double fraction)
    {
        if (fraction is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(fraction), "fraction must be in (0, 1].");
        int k = Math.Max(1, (int)Math.Round(actual.Length * fraction, MidpointRounding.AwayFromZero));
        return Precision(predicted, actual, k);
    }
}

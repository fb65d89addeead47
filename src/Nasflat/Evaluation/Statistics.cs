namespace Nasflat.Evaluation;

/// <summary>Small summary statistics shared by timing, measurement and data overviews.</summary>
public static class Statistics
{
    /// <summary>The median (mean of the two middle values for an even count); NaN for no values.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Linear interpolation between order statistics (the usual "type 7" percentile) of sorted values; NaN for none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0) return double.NaN;
        double position = fraction * (sorted.Count - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(sorted.Count - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}

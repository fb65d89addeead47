namespace Nasflat.Evaluation;

/// <summary>Correlation coefficients with the tie handling of scipy.stats (ties are common in latency data).</summary>
public static class RankCorrelation
{
    /// <summary>Pearson's r; NaN when either series is constant.</summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Ranks.RequireSameLength(x, y);
        int n = x.Length;
        if (n < 2) return double.NaN;
        double meanX = 0, meanY = 0;
        for (int i = 0; i < n; i++) { meanX += x[i]; meanY += y[i]; }
        meanX /= n;
        meanY /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? double.NaN : Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1.0, 1.0);
    }

    /// <summary>Spearman's ρ: Pearson's r of average ranks (scipy's <c>spearmanr</c>). NaN when a series is constant.</summary>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Ranks.RequireSameLength(x, y);
        return Pearson(Ranks.Average(x), Ranks.Average(y));
    }

    /// <summary>
    /// Kendall's τ-b, in O(n log n) (Knight's algorithm, as scipy's <c>kendalltau</c>):
    /// (concordant − discordant) / sqrt((n0 − ties in x)(n0 − ties in y)). NaN when a series is constant.
    /// </summary>
    public static double KendallTauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        Ranks.RequireSameLength(x, y);
        int n = x.Length;
        if (n < 2) return double.NaN;

        // Sort by (x, y); then every pair that is out of order in y is discordant.
        var xs = x.ToArray();
        var ys = y.ToArray();
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => xs[a] != xs[b] ? xs[a].CompareTo(xs[b]) : ys[a].CompareTo(ys[b]));
        var sortedX = order.Select(i => xs[i]).ToArray();
        var sortedY = order.Select(i => ys[i]).ToArray();

        long tiedX = TiedPairs(sortedX, sortedY, jointly: false);
        long tiedBoth = TiedPairs(sortedX, sortedY, jointly: true);
        var ySorted = (double[])sortedY.Clone();
        long discordant = CountInversions(ySorted, new double[n], 0, n);
        long tiedY = TiedPairs(ySorted, ySorted, jointly: false);

        long total = (long)n * (n - 1) / 2;
        double concordantMinusDiscordant = total - tiedX - tiedY + tiedBoth - 2.0 * discordant;
        double denominator = Math.Sqrt((double)(total - tiedX)) * Math.Sqrt((double)(total - tiedY));
        return denominator == 0 ? double.NaN : Math.Clamp(concordantMinusDiscordant / denominator, -1.0, 1.0);
    }

    /// <summary>Pairs tied in the (sorted) first series, or in both series when <paramref name="jointly"/>.</summary>
    private static long TiedPairs(double[] first, double[] second, bool jointly)
    {
        long pairs = 0;
        for (int start = 0; start < first.Length;)
        {
            int end = start + 1;
            while (end < first.Length && first[end] == first[start] && (!jointly || second[end] == second[start])) end++;
            long run = end - start;
            pairs += run * (run - 1) / 2;
            start = end;
        }
        return pairs;
    }

    /// <summary>Merge sort of values[lo..hi) that returns the number of strictly inverted pairs.</summary>
    private static long CountInversions(double[] values, double[] buffer, int lo, int hi)
    {
        if (hi - lo < 2) return 0;
        int mid = (lo + hi) / 2;
        long inversions = CountInversions(values, buffer, lo, mid) + CountInversions(values, buffer, mid, hi);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            if (values[j] < values[i])
            {
                inversions += mid - i;
                buffer[k++] = values[j++];
            }
            else buffer[k++] = values[i++];
        }
        while (i < mid) buffer[k++] = values[i++];
        while (j < hi) buffer[k++] = values[j++];
        Array.Copy(buffer, lo, values, lo, hi - lo);
        return inversions;
    }
}

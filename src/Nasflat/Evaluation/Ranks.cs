namespace Nasflat.Evaluation;

/// <summary>Ranking with ties, as statistics packages do it.</summary>
public static class Ranks
{
    /// <summary>1-based ranks where tied values share the mean of their positions (scipy's <c>rankdata(method="average")</c>).</summary>
    public static double[] Average(ReadOnlySpan<double> values)
    {
        var order = SortedOrder(values);
        var ranks = new double[values.Length];
        for (int start = 0; start < order.Length;)
        {
            int end = start + 1;
            while (end < order.Length && values[order[end]] == values[order[start]]) end++;
            double rank = (start + end + 1) / 2.0; // mean of 1-based positions start+1 .. end
            for (int k = start; k < end; k++) ranks[order[k]] = rank;
            start = end;
        }
        return ranks;
    }

    /// <summary>Indices that sort the values ascending; equal values keep their index order.</summary>
    public static int[] SortedOrder(ReadOnlySpan<double> values)
    {
        var order = new int[values.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var keys = values.ToArray();
        Array.Sort(keys, order); // introsort is unstable, so restore index order within equal runs below
        for (int start = 0; start < order.Length;)
        {
            int end = start + 1;
            while (end < order.Length && keys[end] == keys[start]) end++;
            if (end - start > 1) Array.Sort(order, start, end - start);
            start = end;
        }
        return order;
    }

    internal static void RequireSameLength(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"The two series differ in length ({x.Length} vs {y.Length}).");
        foreach (double v in x) if (double.IsNaN(v)) throw new ArgumentException("The first series contains NaN; drop missing values first.");
        foreach (double v in y) if (double.IsNaN(v)) throw new ArgumentException("The second series contains NaN; drop missing values first.");
    }
}

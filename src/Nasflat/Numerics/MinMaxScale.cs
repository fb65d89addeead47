namespace Nasflat.Numerics;

/// <summary>
/// A min–max scale fitted on some values (a device's latencies on a few architectures) and applied to others, into
/// [margin, 1 − margin]. The baselines fit it on a new device's own samples, whose full range they do not know.
/// </summary>
public readonly record struct MinMaxScale(double Min, double Range, double Margin = 0)
{
    /// <summary>Fitted on <paramref name="values"/>; when they are all equal the range is 1, so nothing divides by zero.</summary>
    public static MinMaxScale Fit(IEnumerable<double> values, double margin = 0)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return new MinMaxScale(min, max > min ? max - min : 1, margin);
    }

    public float Apply(double value) => (float)((value - Min) / Range * (1 - 2 * Margin) + Margin);
}

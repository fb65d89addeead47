namespace Nasflat.Encodings;

/// <summary>How a raw proxy score is scaled to a feature (NASFLAT's normalisation, spec §3.3).</summary>
public enum ProxyScaling
{
    MinMax,
    Log1pMinMax,
    ZScore,
}

public static class ProxyNormalization
{
    /// <summary>NASFLAT's choice per proxy: log1p for the heavy-tailed ones, z-score for grasp, min-max otherwise.</summary>
    public static ProxyScaling ScalingOf(string proxy) => proxy switch
    {
        "fisher" or "flops" or "grad_norm" or "params" or "snip" or "synflow" => ProxyScaling.Log1pMinMax,
        "grasp" => ProxyScaling.ZScore,
        _ => ProxyScaling.MinMax,
    };

    /// <summary>
    /// Scales values over the whole space. Infinite or missing values are set to the column's finite minimum
    /// (NASLib reports -inf for cells whose score is undefined), then scaled like the rest.
    /// </summary>
    public static float[] Normalize(IReadOnlyList<double> raw, ProxyScaling scaling)
    {
        var finite = raw.Where(double.IsFinite).ToList();
        double floor = finite.Count > 0 ? finite.Min() : 0;
        var values = raw.Select(v => double.IsFinite(v) ? v : floor).ToArray();
        if (scaling == ProxyScaling.Log1pMinMax)
            for (int i = 0; i < values.Length; i++) values[i] = Math.Log(1 + Math.Max(values[i], 0));
        if (scaling == ProxyScaling.ZScore)
        {
            double mean = values.Average();
            double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
            return values.Select(v => (float)(std > 0 ? (v - mean) / std : 0)).ToArray();
        }
        double min = values.Min(), max = values.Max();
        return values.Select(v => (float)(max > min ? (v - min) / (max - min) : 0)).ToArray();
    }
}

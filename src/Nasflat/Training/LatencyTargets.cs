using Nasflat.Data;

namespace Nasflat.Training;

/// <summary>Per-device min–max normalised latencies in [0, 1] (over the device's measured architectures); NaN if unmeasured.</summary>
public static class LatencyTargets
{
    public static float[] Normalized(LatencyMatrix latency, int device)
    {
        var column = latency.Column(device);
        double min = double.MaxValue, max = double.MinValue;
        foreach (double v in column)
        {
            if (double.IsNaN(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        double range = max > min ? max - min : 1;
        return column.Select(v => double.IsNaN(v) ? float.NaN : (float)((v - min) / range)).ToArray();
    }
}

namespace Nasflat.Data;

/// <summary>One device's coverage and latency range, for overviews such as <c>nasflat data summary</c>.</summary>
public sealed record DeviceSummary(DeviceInfo Device, double MinMs, double MedianMs, double MaxMs, int DistinctValues)
{
    public static IReadOnlyList<DeviceSummary> For(LatencyMatrix matrix) =>
        matrix.Devices.Select((device, d) =>
        {
            var values = matrix.MeasuredArchitectures(d).Select(i => matrix.Column(d)[i]).Order().ToArray();
            if (values.Length == 0) return new DeviceSummary(device, double.NaN, double.NaN, double.NaN, 0);
            return new DeviceSummary(device, values[0], Evaluation.Statistics.Median(values), values[^1], values.Distinct().Count());
        }).ToList();
}

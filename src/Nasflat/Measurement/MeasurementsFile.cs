using System.Collections.Immutable;
using Nasflat.Data;
using Nasflat.IO;

namespace Nasflat.Measurement;

/// <summary>
/// A user's measurements of a new device: a CSV with an <c>architecture</c> column (an index, an NB201 arch string or
/// an FBNet op list) and a <c>latency_ms</c> column. Strict: unknown architectures, duplicates, non-positive latencies
/// and fewer than 3 rows are errors that name the line.
/// </summary>
public static class MeasurementsFile
{
    public const int MinimumRows = 3;

    public static IReadOnlyDictionary<int, double> Read(string path, SpaceData data)
    {
        var csv = CsvFile.Read(path);
        int archColumn = csv.Column("architecture"), latencyColumn = csv.Column("latency_ms");
        var result = new Dictionary<int, double>();
        var lineOf = new Dictionary<int, int>();
        foreach (var row in csv.Rows)
        {
            string text = row[archColumn].Trim();
            int index;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int given))
                index = given < data.ArchitectureCount ? given
                    : throw row.Error($"column 'architecture': index {given} is outside 0..{data.ArchitectureCount - 1}.", "use an index of the space.");
            else
            {
                try
                {
                    index = data.IndexOf(text);
                }
                catch (NasflatException e)
                {
                    throw row.Error($"column 'architecture': {e.Message}", "give an index or an architecture of the space.");
                }
            }
            double ms = row.Double(latencyColumn, "latency_ms");
            if (ms <= 0) throw row.Error($"column 'latency_ms': {row[latencyColumn]} is not a positive latency.", "write the measured latency in milliseconds.");
            if (!lineOf.TryAdd(index, row.Line))
                throw row.Error($"duplicate architecture: {index} already appeared on line {lineOf[index]}.", "keep one measurement per architecture.");
            result[index] = ms;
        }
        if (result.Count < MinimumRows)
            throw new DataFormatException(path, 0, $"only {result.Count} measurement(s); at least {MinimumRows} are needed.", "measure more architectures (see `nasflat suggest`).");
        return result;
    }

    /// <summary>The measurements as a device column of the space (NaN where not measured).</summary>
    public static DeviceLatencies AsDevice(string name, string path, SpaceData data, IReadOnlyDictionary<int, double> measurements)
    {
        var values = Enumerable.Repeat(double.NaN, data.ArchitectureCount).ToArray();
        foreach (var (index, ms) in measurements) values[index] = ms;
        return new DeviceLatencies(
            new DeviceInfo(name, data.Space, DeviceSource.User, path, "ms", measurements.Count, data.ArchitectureCount, InPaperPool: false),
            values.ToImmutableArray());
    }
}

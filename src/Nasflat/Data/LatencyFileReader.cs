using System.Collections.Immutable;
using Nasflat.IO;
using Nasflat.Spaces;

namespace Nasflat.Data;

/// <summary>
/// Reads a wide latency file: an <c>index</c> column, a key column that must agree with the architecture table
/// (<c>arch_str</c> or <c>op_idx</c>), then one column per device. Empty cells are "not measured".
/// </summary>
public sealed record LatencyFileSpec(
    string Path,
    DeviceSource Source,
    string SourceUnit,
    double ToMilliseconds,
    Func<string, bool> InPaperPool,
    IReadOnlyDictionary<string, string>? DeviceColumns = null,
    double? MissingMarker = null);

public static class LatencyFileReader
{
    /// <param name="keys">The architecture key (arch string or op key) of every index, used to check row identity.</param>
    public static IReadOnlyList<DeviceLatencies> Read(LatencyFileSpec spec, SearchSpaceKind space, IReadOnlyList<string> keys, string keyColumn)
    {
        var csv = CsvFile.Read(spec.Path);
        int indexColumn = csv.Column("index");
        int key = csv.Column(keyColumn);
        // Either every column after the key is a device, or a map names the columns to read and their device names.
        var deviceColumns = spec.DeviceColumns is null
            ? csv.Header.Select((name, i) => (Column: i, Device: name)).Where(c => c.Column != indexColumn && c.Column != key).ToList()
            : spec.DeviceColumns.Select(kv => (Column: csv.Column(kv.Key), Device: kv.Value)).ToList();

        var values = deviceColumns.Select(_ => Enumerable.Repeat(double.NaN, keys.Count).ToArray()).ToArray();
        var firstLine = new Dictionary<int, int>();
        foreach (var row in csv.Rows)
        {
            int index = ArchitectureRows.Index(row, indexColumn, keys.Count, firstLine);
            if (row[key] != keys[index])
                throw row.Error($"column '{keyColumn}': '{row[key]}' is not architecture {index}, which is '{keys[index]}'.",
                    "keep the index and architecture columns together; rows may be reordered but not edited.");
            for (int d = 0; d < deviceColumns.Count; d++)
            {
                var (column, device) = deviceColumns[d];
                double value = row.Double(column, csv.Header[column], allowEmpty: true);
                if (double.IsNaN(value) || value == spec.MissingMarker) continue;
                if (value < 0)
                    throw row.Error($"column '{csv.Header[column]}' (device {device}): latency {row[column]} is negative.",
                        "latencies must be >= 0; leave the cell empty if the architecture was not measured.");
                values[d][index] = value * spec.ToMilliseconds;
            }
        }

        return deviceColumns.Select((c, d) => new DeviceLatencies(
            new DeviceInfo(c.Device, space, spec.Source, spec.Path, spec.SourceUnit,
                MeasuredCount: values[d].Count(v => !double.IsNaN(v)), ArchitectureCount: keys.Count,
                InPaperPool: spec.InPaperPool(c.Device)),
            values[d].ToImmutableArray())).ToList();
    }
}

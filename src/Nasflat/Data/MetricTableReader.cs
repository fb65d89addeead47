using System.Collections.Immutable;
using Nasflat.IO;

namespace Nasflat.Data;

/// <summary>Reads per-architecture scores from a CSV with an <c>index</c> column, optionally split into tables by a row key.</summary>
internal static class MetricTableReader
{
    /// <param name="columns">Map from the file's column to the metric name in the table.</param>
    /// <param name="tableOf">Which table a row belongs to (long-format files hold several datasets).</param>
    public static IReadOnlyList<MetricTable> Read(
        CsvFile csv, int architectureCount, IReadOnlyList<(string FileColumn, string Metric)> columns,
        Func<CsvRow, string> tableOf, bool requireComplete, bool allowMissing)
    {
        int indexColumn = csv.Column("index");
        var positions = columns.Select(c => csv.Column(c.FileColumn)).ToArray();
        var groups = new Dictionary<string, (List<int> Archs, List<double>[] Values, Dictionary<int, int> Seen)>(StringComparer.Ordinal);
        foreach (var row in csv.Rows)
        {
            string table = tableOf(row);
            if (!groups.TryGetValue(table, out var group))
                groups[table] = group = ([], columns.Select(_ => new List<double>()).ToArray(), []);
            group.Archs.Add(ArchitectureRows.Index(row, indexColumn, architectureCount, group.Seen));
            for (int p = 0; p < positions.Length; p++)
                group.Values[p].Add(row.Double(positions[p], columns[p].FileColumn, allowEmpty: allowMissing, allowInfinite: true));
        }
        return groups.Select(g =>
        {
            if (requireComplete) ArchitectureRows.RequireComplete(csv.Path, g.Value.Seen, architectureCount);
            return new MetricTable(g.Key, g.Value.Archs.ToImmutableArray(),
                columns.Select((c, p) => (c.Metric, g.Value.Values[p].ToImmutableArray())).ToList());
        }).ToList();
    }
}

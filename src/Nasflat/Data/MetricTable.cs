using System.Collections.Immutable;

namespace Nasflat.Data;

/// <summary>
/// Named per-architecture scores for some architectures of a space: zero-cost proxies (raw, un-normalised) or
/// benchmark metrics such as HW-NAS-Bench energies. NaN marks a value the source does not have.
/// </summary>
public sealed class MetricTable
{
    private readonly Dictionary<string, ImmutableArray<double>> _columns;
    private readonly Dictionary<int, int> _rowOfArchitecture;

    public string Name { get; }
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>Architecture index of each row.</summary>
    public ImmutableArray<int> Architectures { get; }

    public MetricTable(string name, ImmutableArray<int> architectures, IReadOnlyList<(string Metric, ImmutableArray<double> Values)> columns)
    {
        Name = name;
        Architectures = architectures;
        Metrics = columns.Select(c => c.Metric).ToImmutableArray();
        _columns = columns.ToDictionary(c => c.Metric, c => c.Values, StringComparer.Ordinal);
        _rowOfArchitecture = new Dictionary<int, int>(architectures.Length);
        for (int row = 0; row < architectures.Length; row++) _rowOfArchitecture[architectures[row]] = row;
    }

    public int Count => Architectures.Length;

    /// <summary>Scores of one metric, aligned with <see cref="Architectures"/>.</summary>
    public ImmutableArray<double> Column(string metric) => _columns.TryGetValue(metric, out var values)
        ? values
        : throw new NasflatException($"Unknown metric '{metric}' for {Name}; available: {string.Join(", ", Metrics)}.");

    /// <summary>A score, or null when the architecture is not in the table or the score is missing.</summary>
    public double? Score(int architecture, string metric)
    {
        if (!_rowOfArchitecture.TryGetValue(architecture, out int row)) return null;
        double value = Column(metric)[row];
        return double.IsNaN(value) ? null : value;
    }

    public bool Contains(int architecture) => _rowOfArchitecture.ContainsKey(architecture);
}

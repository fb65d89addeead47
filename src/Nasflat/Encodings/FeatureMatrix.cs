using System.Collections.Immutable;

namespace Nasflat.Encodings;

/// <summary>A dense per-architecture feature matrix (row = architecture index), used by samplers and as predictor input.</summary>
public sealed class FeatureMatrix
{
    private readonly float[] _values;

    public string Name { get; }
    public int Rows { get; }
    public int Columns { get; }
    public ImmutableArray<string> ColumnNames { get; }

    public FeatureMatrix(string name, int rows, IReadOnlyList<string> columnNames, float[] values)
    {
        if (values.Length != rows * columnNames.Count)
            throw new ArgumentException($"{values.Length} values for {rows}×{columnNames.Count}.", nameof(values));
        Name = name;
        Rows = rows;
        Columns = columnNames.Count;
        ColumnNames = [.. columnNames];
        _values = values;
    }

    public ReadOnlySpan<float> Row(int row) => _values.AsSpan(row * Columns, Columns);

    public float this[int row, int column] => _values[row * Columns + column];

    /// <summary>A copy of all values, row-major.</summary>
    public float[] ToArray() => (float[])_values.Clone();

    /// <summary>Side-by-side concatenation of feature sets over the same architectures.</summary>
    public static FeatureMatrix Concat(string name, IReadOnlyList<FeatureMatrix> parts)
    {
        int rows = parts[0].Rows;
        if (parts.Any(p => p.Rows != rows)) throw new ArgumentException("Feature sets cover different numbers of architectures.");
        int columns = parts.Sum(p => p.Columns);
        var values = new float[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            int offset = r * columns;
            foreach (var part in parts)
            {
                part.Row(r).CopyTo(values.AsSpan(offset));
                offset += part.Columns;
            }
        }
        return new FeatureMatrix(name, rows, parts.SelectMany(p => p.ColumnNames).ToList(), values);
    }
}

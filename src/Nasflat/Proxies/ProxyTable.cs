using System.Globalization;
using System.Text;
using Nasflat.IO;

namespace Nasflat.Proxies;

/// <summary>Proxy scores of every architecture of a space: one row per architecture, one column per proxy.</summary>
public sealed class ProxyTable
{
    /// <summary>The computed proxies, then the analytic FLOPs (MFLOPs as multiply-accumulates) and parameters (M).</summary>
    public static IReadOnlyList<string> Columns => ColumnNames;

    private static readonly string[] ColumnNames = [.. ZeroCostProxies.Names, "flops", "params"];

    private readonly double[][] rows;

    public ProxyTable(double[][] rows)
    {
        if (rows.Any(r => r is null || r.Length != Columns.Count)) throw new ArgumentException("Every architecture needs one value per column.", nameof(rows));
        this.rows = rows;
    }

    public int ArchitectureCount => rows.Length;

    public double this[int architecture, string column] => rows[architecture][ColumnIndex(column)];

    /// <summary>One architecture's values in <see cref="Columns"/> order.</summary>
    public IReadOnlyList<double> Row(int architecture) => rows[architecture];

    public double[] Column(string column)
    {
        int c = ColumnIndex(column);
        return rows.Select(r => r[c]).ToArray();
    }

    private static int ColumnIndex(string column)
    {
        int c = Array.IndexOf(ColumnNames, column);
        return c >= 0 ? c : throw new ArgumentException($"No proxy column '{column}' (have {string.Join(", ", Columns)}).", nameof(column));
    }

    public void Write(string path) => AtomicFile.WriteAllText(path, ToCsv());

    private string ToCsv()
    {
        var text = new StringBuilder("index,").AppendJoin(',', Columns).Append('\n');
        for (int i = 0; i < rows.Length; i++)
            text.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',')
                .AppendJoin(',', rows[i].Select(Format)).Append('\n');
        return text.ToString();
    }

    /// <summary>Round-trip text; a proxy that is undefined for a network (NaN) is an empty field.</summary>
    internal static string Format(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    public static ProxyTable Read(string path)
    {
        var csv = CsvFile.Read(path);
        var rows = new double[csv.Rows.Count][];
        int indexColumn = csv.Column("index");
        var columns = Columns.Select(csv.Column).ToArray();
        foreach (var row in csv.Rows)
        {
            int index = row.Int(indexColumn, "index");
            if (index < 0 || index >= rows.Length || rows[index] is not null)
                throw new DataFormatException(path, row.Line, $"architecture index {index} is out of range or repeated.", "delete the file; it is a cache and will be recomputed.");
            rows[index] = columns.Select((c, k) => row.Double(c, Columns[k], allowEmpty: true, allowInfinite: true)).ToArray();
        }
        return new ProxyTable(rows);
    }
}

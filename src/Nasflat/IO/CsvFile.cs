using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Nasflat.IO;

/// <summary>
/// Reads a comma-separated file with a header row (optionally gzip-compressed, by the <c>.gz</c> extension).
/// Fields may be double-quoted. Every row remembers its line number so that errors can point at it.
/// </summary>
public sealed class CsvFile
{
    public string Path { get; }
    public IReadOnlyList<string> Header { get; }
    private readonly Dictionary<string, int> _columns;
    private readonly List<CsvRow> _rows;
    public IReadOnlyList<CsvRow> Rows => _rows;

    private CsvFile(string path, IReadOnlyList<string> header, List<CsvRow> rows)
    {
        Path = path;
        Header = header;
        _rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++)
        {
            if (!_columns.TryAdd(header[i], i))
                throw new DataFormatException(path, 1, $"column '{header[i]}' appears twice in the header.", "rename or remove one of them.");
        }
    }

    public static CsvFile Read(string path)
    {
        if (!File.Exists(path))
            throw new DataFormatException(path, 0, "file not found.", "check the data directory (see the README's data section) or pass --data.");
        using var stream = OpenText(path);
        var rows = new List<CsvRow>();
        IReadOnlyList<string>? header = null;
        int lineNumber = 0;
        while (stream.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = SplitLine(line, path, lineNumber);
            if (header is null)
            {
                header = fields;
                continue;
            }
            if (fields.Count != header.Count)
                throw new DataFormatException(path, lineNumber,
                    $"malformed row: expected {header.Count} fields like the header, found {fields.Count}.",
                    "each row needs one value per header column; quote values that contain commas.");
            rows.Add(new CsvRow(path, lineNumber, fields));
        }
        if (header is null)
            throw new DataFormatException(path, 0, "file is empty; a header row is required.", "restore the file from the data source.");
        return new CsvFile(path, header, rows);
    }

    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>The position of a required column; a clear error when it is absent.</summary>
    public int Column(string name) => _columns.TryGetValue(name, out int index)
        ? index
        : throw new DataFormatException(Path, 1, $"required column '{name}' is missing from the header ({string.Join(",", Header)}).",
            "use the documented file layout (see the data README).");

    private static StreamReader OpenText(string path)
    {
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            stream = new GZipStream(stream, CompressionMode.Decompress);
        return new StreamReader(stream, Encoding.UTF8);
    }

    private static List<string> SplitLine(string line, string path, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c != '\r') field.Append(c);
        }
        if (quoted)
            throw new DataFormatException(path, lineNumber, "malformed row: a quoted field is not closed.", "close the quote or remove it.");
        fields.Add(field.ToString());
        return fields;
    }
}

/// <summary>One data row with typed accessors whose errors name the file, line, column and value.</summary>
public sealed class CsvRow(string path, int line, IReadOnlyList<string> fields)
{
    public int Line { get; } = line;
    public string Path { get; } = path;
    public string this[int column] => fields[column];

    public int Int(int column, string name)
    {
        string text = fields[column];
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw Error($"column '{name}': '{text}' is not an integer.", "write a whole number.");
    }

    /// <summary>
    /// A floating-point value. Empty fields are rejected unless <paramref name="allowEmpty"/> (then NaN); infinities
    /// only with <paramref name="allowInfinite"/> (some zero-cost proxies are legitimately -inf).
    /// </summary>
    public double Double(int column, string name, bool allowEmpty = false, bool allowInfinite = false)
    {
        string text = fields[column];
        if (text.Length == 0)
            return allowEmpty ? double.NaN : throw Error($"column '{name}': value is empty.", "write a number.");
        bool parsed = TryParseDouble(text, out double value);
        return parsed && (allowInfinite || double.IsFinite(value))
            ? value
            : throw Error($"column '{name}': '{text}' is not a finite number.", "write a number such as 12.5 (dot as decimal separator).");
    }

    /// <summary>Invariant-culture parse that also accepts Python's spellings of infinity ("inf", "-inf").</summary>
    private static bool TryParseDouble(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity": value = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);
    }

    public DataFormatException Error(string problem, string fix) => new(Path, Line, problem, fix);
}

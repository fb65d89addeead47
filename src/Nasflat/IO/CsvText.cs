using System.Globalization;
using System.Text;

namespace Nasflat.IO;

/// <summary>Writes CSV text with invariant-culture numbers and quoting where needed.</summary>
public sealed class CsvText(params string[] header)
{
    private readonly StringBuilder _text = new(string.Join(",", header) + "\n");

    public CsvText Add(params object?[] cells)
    {
        _text.Append(string.Join(",", cells.Select(Format))).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => double.IsNaN(d) ? "" : d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s when s.IndexOfAny([',', '"', '\n']) >= 0 => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        _ => value.ToString() ?? "",
    };
}

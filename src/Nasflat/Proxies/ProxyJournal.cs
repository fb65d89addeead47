using System.Globalization;
using Nasflat.IO;

namespace Nasflat.Proxies;

/// <summary>
/// An append-only record of finished architectures (<c>index,value,value,…</c> in <see cref="ProxyTable.Columns"/>
/// order, a <see cref="SignedJournal"/>), so an interrupted computation resumes where it stopped. A journal written
/// with other settings is refused; a torn last line is ignored.
/// </summary>
public sealed class ProxyJournal : IDisposable
{
    private readonly SignedJournal journal;

    public string Path => journal.Path;

    /// <summary>Rows recorded so far, by architecture index.</summary>
    public Dictionary<int, double[]> Rows { get; }

    public ProxyJournal(string path, string signature)
    {
        journal = new SignedJournal(path, signature, other => Mismatch(path, other, signature));
        Rows = Parse(journal.Lines);
    }

    /// <summary>The rows of a journal (none when it does not exist); an error when it has another signature.</summary>
    public static Dictionary<int, double[]> Read(string path, string signature) =>
        Parse(SignedJournal.ReadLines(path, signature, other => Mismatch(path, other, signature)));

    private static string Mismatch(string path, string other, string signature) =>
        $"'{path}' was computed with other settings ({other}), not ({signature}). " +
        "Delete it to start over, or run with the settings it was made with.";

    private static Dictionary<int, double[]> Parse(IEnumerable<string> lines)
    {
        var rows = new Dictionary<int, double[]>();
        int width = ProxyTable.Columns.Count;
        foreach (string line in lines)
        {
            var parts = line.Split(',');
            if (parts.Length != width + 1 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int index)) continue;
            var values = new double[width];
            bool complete = true;
            for (int c = 0; c < width && complete; c++)
            {
                string field = parts[c + 1];
                if (field.Length == 0) values[c] = double.NaN; // undefined for this network
                else complete = double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out values[c]);
            }
            if (complete) rows[index] = values;
        }
        return rows;
    }

    public void Record(int index, IReadOnlyList<double> values)
    {
        if (values.Count != ProxyTable.Columns.Count) throw new ArgumentException("One value per proxy column is needed.", nameof(values));
        Rows[index] = values.ToArray();
        journal.Append(index.ToString(CultureInfo.InvariantCulture) + "," + string.Join(',', values.Select(ProxyTable.Format)));
    }

    public void Dispose() => journal.Dispose();
}

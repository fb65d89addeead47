using System.Globalization;

namespace Nasflat.Proxies;

/// <summary>
/// An append-only record of finished architectures (<c>index,value,value,…</c> in <see cref="ProxyTable.Columns"/>
/// order), flushed after every line, so an interrupted computation resumes where it stopped. The first line is the
/// computation's signature; a journal written with other settings is refused. A torn last line (the process died
/// mid-write) is ignored.
/// </summary>
public sealed class ProxyJournal : IDisposable
{
    private readonly StreamWriter writer;

    public string Path { get; }

    /// <summary>Rows already recorded, by architecture index.</summary>
    public Dictionary<int, double[]> Rows { get; }

    public ProxyJournal(string path, string signature)
    {
        Path = path;
        Rows = Read(path, signature);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        bool exists = File.Exists(path);
        writer = new StreamWriter(path, append: exists);
        if (!exists)
        {
            writer.WriteLine(signature);
            writer.Flush();
        }
    }

    /// <summary>The rows of a journal (none when it does not exist); an error when it has another signature.</summary>
    public static Dictionary<int, double[]> Read(string path, string signature)
    {
        var rows = new Dictionary<int, double[]>();
        if (!File.Exists(path)) return rows;
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) return rows;
        if (lines[0] != signature)
            throw new NasflatException($"'{path}' was computed with other settings ({lines[0]}), not ({signature}). " +
                "Delete it to start over, or run with the settings it was made with.");
        int width = ProxyTable.Columns.Count;
        foreach (string line in lines.Skip(1))
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
        writer.WriteLine(index.ToString(CultureInfo.InvariantCulture) + "," + string.Join(',', values.Select(ProxyTable.Format)));
        writer.Flush();
    }

    public void Dispose() => writer.Dispose();
}

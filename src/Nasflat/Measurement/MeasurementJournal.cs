using System.Globalization;

namespace Nasflat.Measurement;

/// <summary>
/// An append-only record of finished pass medians (<c>index,pass,median_ms</c>), flushed after every line, so an
/// interrupted measurement resumes where it stopped. A torn last line (the process died mid-write) is ignored.
/// </summary>
public sealed class MeasurementJournal : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Dictionary<int, List<double>> _passes = [];

    public string Path { get; }
    public IReadOnlyDictionary<int, List<double>> Passes => _passes;

    public MeasurementJournal(string path, string signature)
    {
        Path = path;
        if (File.Exists(path))
        {
            foreach (var (index, passes) in Read(path, signature))
                foreach (double ms in passes) Add(index, ms);
            _writer = new StreamWriter(path, append: true);
        }
        else
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            _writer = new StreamWriter(path, append: false);
            _writer.WriteLine(signature);
            _writer.Flush();
        }
    }

    /// <summary>The pass medians in a journal; an error when it was written with other settings.</summary>
    public static Dictionary<int, List<double>> Read(string path, string signature)
    {
        var passes = new Dictionary<int, List<double>>();
        if (!File.Exists(path)) return passes;
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != signature)
            throw new NasflatException($"'{path}' holds a measurement with other settings ({(lines.Length > 0 ? lines[0] : "empty")}). " +
                "Use the same options to resume or extend it, or measure under another device name.");
        foreach (string line in lines.Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int index)
                && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double ms))
            {
                if (!passes.TryGetValue(index, out var list)) passes[index] = list = [];
                list.Add(ms);
            }
        }
        return passes;
    }

    public void Record(int index, double medianMs)
    {
        int pass = Add(index, medianMs);
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{index},{pass},{medianMs:R}"));
        _writer.Flush();
    }

    private int Add(int index, double ms)
    {
        if (!_passes.TryGetValue(index, out var list)) _passes[index] = list = [];
        list.Add(ms);
        return list.Count;
    }

    public void Dispose() => _writer.Dispose();
}

using System.Globalization;
using Nasflat.IO;

namespace Nasflat.Measurement;

/// <summary>
/// An append-only record of finished pass medians (<c>index,pass,median_ms</c>, a <see cref="SignedJournal"/>), so an
/// interrupted measurement resumes where it stopped. A torn last line is ignored.
/// </summary>
public sealed class MeasurementJournal : IDisposable
{
    private readonly SignedJournal journal;
    private readonly Dictionary<int, List<double>> _passes = [];

    public string Path => journal.Path;
    public IReadOnlyDictionary<int, List<double>> Passes => _passes;

    public MeasurementJournal(string path, string signature)
    {
        journal = new SignedJournal(path, signature, other => Mismatch(path, other));
        foreach (var (index, passes) in Parse(journal.Lines))
            foreach (double ms in passes) Add(index, ms);
    }

    /// <summary>The pass medians in a journal; an error when it was written with other settings.</summary>
    public static Dictionary<int, List<double>> Read(string path, string signature) =>
        Parse(SignedJournal.ReadLines(path, signature, other => Mismatch(path, other)));

    private static string Mismatch(string path, string other) =>
        $"'{path}' holds a measurement with other settings ({other}). " +
        "Use the same options to resume or extend it, or measure under another device name.";

    private static Dictionary<int, List<double>> Parse(IEnumerable<string> lines)
    {
        var passes = new Dictionary<int, List<double>>();
        foreach (string line in lines)
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
        journal.Append(string.Create(CultureInfo.InvariantCulture, $"{index},{pass},{medianMs:R}"));
    }

    private int Add(int index, double ms)
    {
        if (!_passes.TryGetValue(index, out var list)) _passes[index] = list = [];
        list.Add(ms);
        return list.Count;
    }

    public void Dispose() => journal.Dispose();
}

using System.Text.Json;
using Nasflat.IO;

namespace Nasflat.Encodings;

/// <summary>The cache file of a learned encoding: one CSV row per architecture, <c>index, z0 … z(d−1)</c>, written atomically.</summary>
internal static class EncodingFile
{
    /// <summary>
    /// The encoding cached as <c>&lt;cache&gt;/encodings/&lt;stem&gt;.csv</c> with its training report as <c>.json</c> next
    /// to it; trains, then writes both, when either is missing.
    /// </summary>
    /// <param name="train">Returns the encodings (row-major [rows, dimensions]) and the report.</param>
    public static (FeatureMatrix Encoding, TReport Report) LoadOrTrain<TReport>(string cacheDirectory, string stem, string name, int rows, int dimensions,
        Func<(float[] Embeddings, TReport Report)> train)
    {
        string path = Path.Combine(cacheDirectory, "encodings", stem + ".csv");
        string reportPath = Path.ChangeExtension(path, ".json");
        if (File.Exists(path) && File.Exists(reportPath))
            return (Read(path, rows, name), JsonSerializer.Deserialize<TReport>(File.ReadAllText(reportPath))!);
        var (embeddings, report) = train();
        Write(path, embeddings, rows, dimensions);
        AtomicFile.WriteAllText(reportPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        return (new FeatureMatrix(name, rows, ColumnNames(dimensions), embeddings), report);
    }

    public static IReadOnlyList<string> ColumnNames(int dimensions) => Enumerable.Range(0, dimensions).Select(d => $"z{d}").ToList();

    /// <param name="values">Row-major [rows, dimensions].</param>
    public static void Write(string path, float[] values, int rows, int dimensions)
    {
        var csv = new CsvText(["index", .. ColumnNames(dimensions)]);
        for (int i = 0; i < rows; i++)
            csv.Add([i, .. Enumerable.Range(0, dimensions).Select(d => (object)values[i * dimensions + d])]);
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    public static FeatureMatrix Read(string path, int rows, string name)
    {
        var csv = CsvFile.Read(path);
        int dimensions = csv.Header.Count - 1;
        if (csv.Rows.Count != rows)
            throw new DataFormatException(path, 0, $"{csv.Rows.Count} rows for a space of {rows} architectures.", "delete the file; it is a cache and will be retrained.");
        var values = new float[rows * dimensions];
        foreach (var row in csv.Rows)
        {
            int index = row.Int(0, "index");
            for (int d = 0; d < dimensions; d++) values[index * dimensions + d] = (float)row.Double(d + 1, csv.Header[d + 1]);
        }
        return new FeatureMatrix(name, rows, ColumnNames(dimensions), values);
    }
}

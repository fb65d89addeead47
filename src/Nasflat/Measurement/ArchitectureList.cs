using System.Globalization;
using Nasflat.Data;
using Nasflat.Spaces;

namespace Nasflat.Measurement;

/// <summary>
/// Which architectures to measure, from the sources <c>nasflat measure</c> accepts: comma-separated indices, or a file
/// with an index first on each line (the output of <c>nasflat suggest</c>, or one index per line). Errors name the
/// source, the line and the value.
/// </summary>
public static class ArchitectureList
{
    public static IReadOnlyList<int> Parse(string indices, SpaceData data) =>
        Check(indices.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(text => (Index: ParseIndex(text, "--indices", 0, data), Line: 0)), "--indices");

    public static IReadOnlyList<int> Read(string path, SpaceData data)
    {
        if (!File.Exists(path)) throw new NasflatException($"Architecture file '{path}' not found.");
        var lines = File.ReadAllLines(path);
        var entries = new List<(int Index, int Line)>();
        for (int line = 0; line < lines.Length; line++)
        {
            string text = lines[line].Split(',')[0].Trim();
            if (text.Length == 0 || text.StartsWith('#') || (line == 0 && text == "index")) continue;
            entries.Add((ParseIndex(text, path, line + 1, data), line + 1));
        }
        return Check(entries, path);
    }

    private static IReadOnlyList<int> Check(IEnumerable<(int Index, int Line)> entries, string source)
    {
        var firstLine = new Dictionary<int, int>();
        var ordered = new List<int>();
        foreach (var (index, line) in entries)
        {
            if (!firstLine.TryAdd(index, line))
                throw new NasflatException($"{Where(source, line)}: architecture {index} is listed twice (first {Where(source, firstLine[index])}); list each once.");
            ordered.Add(index);
        }
        if (ordered.Count == 0) throw new NasflatException($"{source} lists no architectures; give at least one index.");
        return ordered;
    }

    private static int ParseIndex(string text, string source, int line, SpaceData data)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index))
            throw new NasflatException($"{Where(source, line)}: '{text}' is not an architecture index; use an integer index of the space.");
        if (index < 0 || index >= data.ArchitectureCount)
            throw new NasflatException($"{Where(source, line)}: index {index} is outside 0..{data.ArchitectureCount - 1} for {data.Space.Id()}.");
        return index;
    }

    private static string Where(string source, int line) => line > 0 ? $"{source}:{line}" : source;
}

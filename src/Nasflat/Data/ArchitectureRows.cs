using Nasflat.IO;

namespace Nasflat.Data;

/// <summary>The one place that validates the <c>index</c> column shared by every per-architecture file.</summary>
internal static class ArchitectureRows
{
    /// <summary>Reads a row's architecture index, rejecting out-of-range values and duplicates (naming the first line).</summary>
    public static int Index(CsvRow row, int indexColumn, int architectureCount, Dictionary<int, int> firstLineOfIndex)
    {
        int index = row.Int(indexColumn, "index");
        if (index < 0 || index >= architectureCount)
            throw row.Error($"column 'index': {index} is outside 0..{architectureCount - 1}.", "use the architecture's index in the space.");
        if (!firstLineOfIndex.TryAdd(index, row.Line))
            throw row.Error($"duplicate architecture: index {index} already appeared on line {firstLineOfIndex[index]}.",
                "remove one of the two rows.");
        return index;
    }

    /// <summary>Checks that a table that must cover the whole space has every index.</summary>
    public static void RequireComplete(string path, Dictionary<int, int> firstLineOfIndex, int architectureCount)
    {
        if (firstLineOfIndex.Count == architectureCount) return;
        int missing = Enumerable.Range(0, architectureCount).First(i => !firstLineOfIndex.ContainsKey(i));
        throw new DataFormatException(path, 0,
            $"{architectureCount - firstLineOfIndex.Count} architecture(s) are missing, the first is index {missing}.",
            "the file must list every architecture of the space once.");
    }
}

using System.Collections.Immutable;
using Nasflat.IO;

namespace Nasflat.Data;

/// <summary>Small reference lists: HELP's hardware-embedding architectures and the MetaD2A NAS candidates.</summary>
internal static class ReferenceReader
{
    /// <param name="keys">Architecture text of every index, to check an optional <c>arch_str</c> column.</param>
    public static ImmutableArray<int> HelpReferenceIndices(string path, int architectureCount, IReadOnlyList<string> keys)
    {
        var csv = CsvFile.Read(path);
        int rankColumn = csv.Column("rank"), indexColumn = csv.Column("index");
        int archColumn = csv.HasColumn("arch_str") ? csv.Column("arch_str") : -1;
        var seen = new Dictionary<int, int>();
        var byRank = new SortedDictionary<int, int>();
        foreach (var row in csv.Rows)
        {
            int index = ArchitectureRows.Index(row, indexColumn, architectureCount, seen);
            if (archColumn >= 0 && row[archColumn] != keys[index])
                throw row.Error($"column 'arch_str': '{row[archColumn]}' is not architecture {index}.", "fix the index or the string.");
            if (!byRank.TryAdd(row.Int(rankColumn, "rank"), index))
                throw row.Error($"column 'rank': rank {row[rankColumn]} appears twice.", "give each reference architecture its own rank.");
        }
        return [.. byRank.Values];
    }

    public static ImmutableArray<MetaD2ACandidate> MetaD2ACandidates(string path, IReadOnlyList<string> keys)
    {
        var csv = CsvFile.Read(path);
        int rank = csv.Column("rank"), index = csv.Column("index"), arch = csv.Column("arch_str");
        int accuracy = csv.Column("accuracy_cifar100"), score = csv.Column("score");
        var seen = new Dictionary<int, int>();
        var candidates = csv.Rows.Select(row =>
        {
            int i = ArchitectureRows.Index(row, index, keys.Count, seen);
            if (row[arch] != keys[i])
                throw row.Error($"column 'arch_str': '{row[arch]}' is not architecture {i}.", "fix the index or the string.");
            return new MetaD2ACandidate(row.Int(rank, "rank"), i, row.Double(accuracy, "accuracy_cifar100"), row.Double(score, "score"));
        });
        return [.. candidates.OrderBy(c => c.Rank)];
    }
}

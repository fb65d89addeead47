using System.Collections.Immutable;
using Nasflat.IO;
using Nasflat.Spaces;
using Nasflat.Spaces.Fbnet;

namespace Nasflat.Data;

/// <summary>Loads the <c>fbnet/</c> folder of a data directory (layout documented in the data README).</summary>
public static class FbnetDataLoader
{
    public const int ArchitectureCount = 5000;

    /// <param name="devicesDirectory">A folder of user-measured device files to add (see DeviceFile), or null.</param>
    public static FbnetData Load(DataDirectory data, string? devicesDirectory = null)
    {
        var archs = ReadArchitectures(data.File("fbnet", "archs.csv"));
        var keys = archs.Select(a => a.OpKey).ToList();
        var latency = new LatencyMatrix(SearchSpaceKind.Fbnet, archs.Length,
        [
            .. LatencyFileReader.Read(new LatencyFileSpec(data.File("fbnet", "latency.csv.gz"), DeviceSource.Help, "ms", 1.0, _ => true),
                SearchSpaceKind.Fbnet, keys, "op_idx"),
            .. (devicesDirectory is null ? [] : Nasflat.Data.DeviceFile.LoadAll(devicesDirectory, SearchSpaceKind.Fbnet, keys)),
        ]);

        var zcpCsv = CsvFile.Read(data.File("fbnet", "zcp.csv.gz"));
        var proxies = zcpCsv.Header.Where(h => h is not ("index" or "op_idx")).Select(h => (h, h)).ToList();
        var zcp = MetricTableReader.Read(zcpCsv, archs.Length, proxies, _ => "cifar100", requireComplete: true, allowMissing: false).Single();

        return new FbnetData(archs, latency,
            ReferenceReader.HelpReferenceIndices(data.File("fbnet", "help_hw_embedding_index.csv"), archs.Length, keys), zcp);
    }

    private static ImmutableArray<FbnetArch> ReadArchitectures(string path)
    {
        var csv = CsvFile.Read(path);
        int indexColumn = csv.Column("index"), keyColumn = csv.Column("op_idx");
        var layerColumns = Enumerable.Range(0, FbnetArch.LayerCount).Select(l => csv.Column($"layer{l:00}")).ToArray();
        var archs = new FbnetArch[ArchitectureCount];
        var seen = new Dictionary<int, int>();
        var firstLineOfArch = new Dictionary<FbnetArch, int>();
        foreach (var row in csv.Rows)
        {
            int index = ArchitectureRows.Index(row, indexColumn, ArchitectureCount, seen);
            FbnetArch arch;
            try
            {
                arch = FbnetArch.Parse(row[keyColumn]);
            }
            catch (NasflatException e)
            {
                throw row.Error($"column 'op_idx': {e.Message}", "write 22 op indices 0..8 joined by '_'.");
            }
            for (int layer = 0; layer < FbnetArch.LayerCount; layer++)
                if (row[layerColumns[layer]] != arch[layer].Name())
                    throw row.Error($"column 'layer{layer:00}': '{row[layerColumns[layer]]}' disagrees with op_idx, which says '{arch[layer].Name()}'.",
                        "make the layer names match the op indices.");
            if (!firstLineOfArch.TryAdd(arch, row.Line))
                throw row.Error($"duplicate architecture: {arch.OpKey} already appeared on line {firstLineOfArch[arch]}.", "remove one of the two rows.");
            archs[index] = arch;
        }
        ArchitectureRows.RequireComplete(path, seen, ArchitectureCount);
        return [.. archs];
    }
}

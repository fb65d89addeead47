using System.Collections.Immutable;
using Nasflat.IO;
using Nasflat.Spaces;
using Nasflat.Spaces.Nb201;

namespace Nasflat.Data;

/// <summary>Loads the <c>nb201/</c> folder of a data directory (layout documented in the data README).</summary>
public static class Nb201DataLoader
{
    private static readonly ImmutableArray<(Nb201Dataset Dataset, string Id, string SubsetName)> Datasets =
    [
        (Nb201Dataset.Cifar10, "cifar10", "cifar10"),
        (Nb201Dataset.Cifar100, "cifar100", "cifar100"),
        (Nb201Dataset.ImageNet16_120, "imagenet16_120", "ImageNet16-120"),
    ];

    /// <summary>LatBench devices that NASFLAT's task pool does not use.</summary>
    private static readonly ImmutableHashSet<string> LatBenchExtras = ["desktop_gpu_gtx_1080ti_large", "embedded_tpu_edgetpu_large"];

    /// <param name="devicesDirectory">A folder of user-measured device files to add (see DeviceFile), or null.</param>
    public static Nb201Data Load(DataDirectory data, string? devicesDirectory = null)
    {
        var (cells, accuracies) = ReadArchitectures(data.File("nb201", "archs.csv"));
        var keys = cells.Select(c => c.ToString()).ToList();

        var latency = new LatencyMatrix(SearchSpaceKind.Nb201, cells.Length,
        [
            .. LatencyFileReader.Read(new LatencyFileSpec(data.File("nb201", "latency.csv.gz"), DeviceSource.Help, "ms", 1.0, _ => true),
                SearchSpaceKind.Nb201, keys, "arch_str"),
            .. LatencyFileReader.Read(new LatencyFileSpec(data.File("nb201", "latency_eagle.csv.gz"), DeviceSource.LatBench, "s", 1000.0,
                name => !LatBenchExtras.Contains(name)), SearchSpaceKind.Nb201, keys, "arch_str"),
            // HW-NAS-Bench's raspi4/pixel3/eyeriss/fpga equal HELP's columns; only its two extra devices are new.
            .. LatencyFileReader.Read(new LatencyFileSpec(data.File("nb201", "hwnasbench_cifar10_partial.csv.gz"), DeviceSource.HwNasBench, "ms", 1.0,
                _ => false,
                DeviceColumns: new Dictionary<string, string> { ["edgegpu_latency"] = "hwnasbench_edgegpu", ["edgetpu_latency"] = "hwnasbench_edgetpu" },
                MissingMarker: -1), SearchSpaceKind.Nb201, keys, "arch_str"),
            .. (devicesDirectory is null ? [] : Nasflat.Data.DeviceFile.LoadAll(devicesDirectory, SearchSpaceKind.Nb201, keys)),
        ]);

        return new Nb201Data(cells, latency,
            ReferenceReader.HelpReferenceIndices(data.File("nb201", "help_hw_embedding_index.csv"), cells.Length, keys),
            accuracies,
            ReadZen(data.File("nb201", "zcp_naslib_zen.csv.gz"), cells.Length),
            ReadProxySubset(data.File("nb201", "zcp_naslib_subset.csv"), cells.Length),
            ReadHwNasBench(data.File("nb201", "hwnasbench_cifar10_partial.csv.gz"), cells.Length),
            ReferenceReader.MetaD2ACandidates(data.File("nb201", "metad2a_candidates.csv"), keys));
    }

    private static (ImmutableArray<Nb201Cell>, Nb201Accuracies) ReadArchitectures(string path)
    {
        var csv = CsvFile.Read(path);
        int indexColumn = csv.Column("index"), archColumn = csv.Column("arch_str");
        var cells = new Nb201Cell[Nb201Cell.SpaceSize];
        var test = Datasets.ToDictionary(d => d.Dataset, _ => new double[Nb201Cell.SpaceSize]);
        var validation = Datasets.ToDictionary(d => d.Dataset, _ => new double[Nb201Cell.SpaceSize]);
        var testColumns = Datasets.Select(d => (d.Dataset, Name: $"test_acc_{d.Id}", Column: csv.Column($"test_acc_{d.Id}"))).ToList();
        var validationColumns = Datasets.Select(d => (d.Dataset, Name: $"naslib_val_acc_{d.Id}", Column: csv.Column($"naslib_val_acc_{d.Id}"))).ToList();
        var seen = new Dictionary<int, int>();
        foreach (var row in csv.Rows)
        {
            int index = ArchitectureRows.Index(row, indexColumn, Nb201Cell.SpaceSize, seen);
            Nb201Cell cell;
            try
            {
                cell = Nb201Cell.Parse(row[archColumn]);
            }
            catch (NasflatException e)
            {
                throw row.Error($"column 'arch_str': {e.Message}", "write a valid NB201 arch string.");
            }
            int expected = Nb201Index.IndexOf(cell);
            if (expected != index)
                throw row.Error($"arch_str '{row[archColumn]}' has NAS-Bench-201 index {expected}, but the row says {index}.",
                    "use NAS-Bench-201's index order (the data README explains it).");
            cells[index] = cell;
            foreach (var (dataset, name, column) in testColumns) test[dataset][index] = row.Double(column, name);
            foreach (var (dataset, name, column) in validationColumns) validation[dataset][index] = row.Double(column, name);
        }
        ArchitectureRows.RequireComplete(path, seen, Nb201Cell.SpaceSize);
        return ([.. cells], new Nb201Accuracies(
            test.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray()),
            validation.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray())));
    }

    private static ImmutableDictionary<Nb201Dataset, MetricTable> ReadZen(string path, int count)
    {
        var csv = CsvFile.Read(path);
        return Datasets.ToImmutableDictionary(d => d.Dataset, d => MetricTableReader.Read(csv, count,
            [($"zen_{d.Id}", "zen")], _ => d.Id, requireComplete: true, allowMissing: false).Single());
    }

    private static ImmutableDictionary<Nb201Dataset, MetricTable> ReadProxySubset(string path, int count)
    {
        var csv = CsvFile.Read(path);
        int datasetColumn = csv.Column("dataset");
        string[] proxies = ["epe_nas", "fisher", "flops", "grad_norm", "grasp", "jacov", "l2_norm", "nwot", "params", "plain", "snip", "synflow", "zen"];
        var tables = MetricTableReader.Read(csv, count, proxies.Select(p => (p, p)).ToList(), row =>
        {
            string name = row[datasetColumn];
            return Datasets.Any(d => d.SubsetName == name)
                ? name
                : throw row.Error($"column 'dataset': unknown dataset '{name}'.", $"use one of {string.Join(", ", Datasets.Select(d => d.SubsetName))}.");
        }, requireComplete: false, allowMissing: true);
        return tables.ToImmutableDictionary(t => Datasets.Single(d => d.SubsetName == t.Name).Dataset);
    }

    private static MetricTable ReadHwNasBench(string path, int count)
    {
        var csv = CsvFile.Read(path);
        var metrics = csv.Header.Where(h => h is not ("index" or "arch_str")).Select(h => (h, h)).ToList();
        return MetricTableReader.Read(csv, count, metrics, _ => "hwnasbench_cifar10", requireComplete: false, allowMissing: true).Single();
    }
}

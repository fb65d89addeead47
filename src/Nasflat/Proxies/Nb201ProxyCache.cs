using Nasflat.Networks;
using Nasflat.Spaces.Nb201;
using Nasflat.Training;
using TorchSharp;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Proxies;

/// <summary>
/// Zero-cost proxies of all 15,625 NB201 cells, computed once and cached as
/// <c>&lt;cache&gt;/proxies/&lt;settings&gt;.csv</c>. Work is split into shards (cell index mod shard count) that
/// separate processes compute side by side; each appends to its own journal, so an interrupted run resumes, and
/// the journals are merged into the cache file once every cell is done.
/// </summary>
public sealed class Nb201ProxyCache(string cacheDirectory, ProxySettings settings)
{
    public ProxySettings Settings { get; } = settings;

    public string FinalPath { get; } = Path.Combine(cacheDirectory, "proxies", settings.FileStem + ".csv");

    public bool IsComplete => File.Exists(FinalPath);

    public string JournalPath(int shard, int shards) => $"{FinalPath}.part{shard}of{shards}.journal";

    private IEnumerable<string> Journals()
    {
        string directory = Path.GetDirectoryName(FinalPath)!;
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, Path.GetFileName(FinalPath) + ".part*.journal").Order(StringComparer.Ordinal)
            : [];
    }

    /// <summary>Every cell recorded so far, from the cache file or from all journals.</summary>
    public Dictionary<int, double[]> Recorded()
    {
        if (IsComplete)
        {
            var table = ProxyTable.Read(FinalPath);
            return Enumerable.Range(0, table.ArchitectureCount).ToDictionary(i => i, i => table.Row(i).ToArray());
        }
        var rows = new Dictionary<int, double[]>();
        foreach (string journal in Journals())
            foreach (var (index, values) in ProxyJournal.Read(journal, Settings.Signature)) rows[index] = values;
        return rows;
    }

    /// <summary>The cached table; an error naming the command that computes it when it is not complete.</summary>
    public ProxyTable Load()
    {
        if (!IsComplete)
            throw new NasflatException($"NB201 zero-cost proxies are not computed yet ({Recorded().Count} of {Nb201Cell.SpaceSize} cells in " +
                $"{Path.GetDirectoryName(FinalPath)}). Run `nasflat proxies compute` (resumable; about an hour on 2 cores).");
        return ProxyTable.Read(FinalPath);
    }

    /// <summary>
    /// Computes the cells of one shard that no journal holds yet (optionally only cells below <paramref name="limit"/>),
    /// recording each as it finishes. Call from a single thread: networks are initialised from the global generator.
    /// </summary>
    public void ComputeShard(int shard, int shards, int limit = Nb201Cell.SpaceSize, IProgress<int>? cellDone = null, CancellationToken cancellation = default)
    {
        if (shards < 1 || shard < 0 || shard >= shards) throw new ArgumentOutOfRangeException(nameof(shard), $"shard {shard} of {shards}");
        Native.TorchRuntime.EnsureLoaded();
        var done = Recorded();
        using var journal = new ProxyJournal(JournalPath(shard, shards), Settings.Signature);
        using var batch = Settings.CreateBatch();
        for (int index = shard; index < Math.Min(limit, Nb201Cell.SpaceSize); index += shards)
        {
            if (done.ContainsKey(index)) continue;
            cancellation.ThrowIfCancellationRequested();
            journal.Record(index, Compute(index, batch));
            cellDone?.Report(index);
        }
    }

    /// <summary>One cell's proxies in <see cref="ProxyTable.Columns"/> order.</summary>
    public double[] Compute(int index, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        var cell = Nb201Index.CellAt(index);
        using var network = SeededConstruction.Build(Settings.InitSeed, () => new Nb201Network(cell));
        var scores = ZeroCostProxies.Compute(network, batch);
        return [.. ZeroCostProxies.Names.Select(n => scores[n]), Nb201Cost.Flops(cell) / 1e6, Nb201Cost.Parameters(cell) / 1e6];
    }

    /// <summary>Writes the cache file once every cell is recorded and removes the journals; false while cells are missing.</summary>
    public bool TryMerge()
    {
        if (IsComplete) return true;
        var rows = Recorded();
        if (rows.Count < Nb201Cell.SpaceSize) return false;
        new ProxyTable(Enumerable.Range(0, Nb201Cell.SpaceSize).Select(i => rows[i]).ToArray()).Write(FinalPath);
        foreach (string journal in Journals().ToList()) File.Delete(journal);
        return true;
    }
}

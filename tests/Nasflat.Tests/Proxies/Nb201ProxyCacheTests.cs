using Nasflat.Proxies;
using Xunit;

namespace Nasflat.Tests.Proxies;

public class Nb201ProxyCacheTests
{
    private static readonly ProxySettings Small = new(BatchSize: 4);

    [Fact]
    public void ShardsRecordEveryCellOnceAndResumeWithoutRecomputing()
    {
        using var folder = new TempDirectory();
        var cache = new Nb201ProxyCache(folder.Path, Small);
        cache.ComputeShard(0, 2, limit: 3);
        Assert.Equal([0, 2], cache.Recorded().Keys.Order());

        // A second run with another split computes only what is missing.
        cache.ComputeShard(0, 1, limit: 4);
        var recorded = cache.Recorded();
        Assert.Equal([0, 1, 2, 3], recorded.Keys.Order());
        Assert.Equal(2, File.ReadAllLines(cache.JournalPath(0, 1)).Length - 1);
        Assert.False(cache.TryMerge());
        Assert.Throws<NasflatException>(() => cache.Load());

        // The same settings give the same numbers.
        using var batch = Small.CreateBatch();
        Assert.Equal(recorded[2], cache.Compute(2, batch));
        Assert.Equal(ProxyTable.Columns.Count, recorded[2].Length);
        Assert.All(recorded.Values, row => Assert.True(row[ProxyTable.Columns.Count - 2] > 0)); // flops
    }

    [Fact]
    public void JournalsIgnoreATornLastLineAndRefuseOtherSettings()
    {
        using var folder = new TempDirectory();
        string path = Path.Combine(folder.Path, "j.journal");
        var values = Enumerable.Range(1, ProxyTable.Columns.Count).Select(v => v * 0.5).ToArray();
        values[3] = double.NaN;
        using (var journal = new ProxyJournal(path, Small.Signature)) journal.Record(7, values);
        File.AppendAllText(path, "8,1.5,2");
        var rows = ProxyJournal.Read(path, Small.Signature);
        Assert.Equal([7], rows.Keys);
        Assert.True(double.IsNaN(rows[7][3]));
        Assert.Equal(values[4], rows[7][4]);
        var error = Assert.Throws<NasflatException>(() => ProxyJournal.Read(path, new ProxySettings(BatchSize: 8).Signature));
        Assert.Contains("other settings", error.Message);
    }

    [Fact]
    public void MergedTablesRoundTrip()
    {
        using var folder = new TempDirectory();
        var rows = Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, ProxyTable.Columns.Count).Select(c => i + c / 7.0).ToArray()).ToArray();
        rows[1][0] = double.NaN;
        rows[2][5] = double.NegativeInfinity;
        string path = Path.Combine(folder.Path, "t.csv");
        new ProxyTable(rows).Write(path);
        var read = ProxyTable.Read(path);
        Assert.Equal(3, read.ArchitectureCount);
        Assert.True(double.IsNaN(read[1, "epe_nas"]));
        Assert.Equal(double.NegativeInfinity, read[2, ProxyTable.Columns[5]]);
        Assert.Equal(rows[2][11], read[2, "params"]);
    }
}

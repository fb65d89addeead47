using Nasflat.Encodings;

namespace Nasflat.Tests.Sampling;

public class FeatureTests
{
    [Fact]
    public void ProxyNormalizationFollowsNasflat()
    {
        Assert.Equal(ProxyScaling.Log1pMinMax, ProxyNormalization.ScalingOf("synflow"));
        Assert.Equal(ProxyScaling.ZScore, ProxyNormalization.ScalingOf("grasp"));
        Assert.Equal(ProxyScaling.MinMax, ProxyNormalization.ScalingOf("jacov"));
        Assert.Equal([0f, 0.5f, 1f], ProxyNormalization.Normalize([2, 4, 6], ProxyScaling.MinMax));
        var logScaled = ProxyNormalization.Normalize([0, Math.E - 1, Math.E * Math.E - 1], ProxyScaling.Log1pMinMax);
        Assert.Equal(0.5f, logScaled[1], 5);
        var z = ProxyNormalization.Normalize([1, 2, 3], ProxyScaling.ZScore);
        Assert.Equal(0f, z[1], 6);
        Assert.Equal(-Math.Sqrt(1.5), z[0], 5);
        // -inf (NASLib's undefined nwot) becomes the finite minimum.
        Assert.Equal([0f, 0f, 1f], ProxyNormalization.Normalize([double.NegativeInfinity, 1, 3], ProxyScaling.MinMax));
    }

    [Fact]
    public void FbnetZcpFeaturesHaveThirteenNormalizedColumns()
    {
        var zcp = FeatureCatalog.Build(SharedData.Fbnet, "zcp");
        Assert.Equal(5000, zcp.Rows);
        Assert.Equal(FeatureCatalog.FbnetProxyOrder, zcp.ColumnNames);
        for (int c = 0; c < zcp.Columns; c++)
        {
            if (zcp.ColumnNames[c] == "grasp") continue;
            var column = Enumerable.Range(0, zcp.Rows).Select(r => zcp[r, c]).ToList();
            Assert.Equal(0f, column.Min(), 6);
            Assert.Equal(1f, column.Max(), 6);
        }
    }

    [Fact]
    public void ComputedProxiesNameTheCommandThatComputesThem()
    {
        using var folder = new TempDirectory();
        var error = Assert.Throws<NasflatException>(() => new Nasflat.Proxies.Nb201ProxyCache(folder.Path, new Nasflat.Proxies.ProxySettings()).Load());
        Assert.Contains("nasflat proxies compute", error.Message);
        Assert.True(FeatureCatalog.IsCached("zcp13") && FeatureCatalog.IsCached("a2vzcp") && FeatureCatalog.IsCached("cate")
            && FeatureCatalog.IsCached("caz") && !FeatureCatalog.IsCached("zcp"));
    }

    [Fact]
    public void Nb201FeatureSetsCoverTheSpace()
    {
        foreach (string name in FeatureCatalog.Names(Nasflat.Spaces.SearchSpaceKind.Nb201).Where(n => !FeatureCatalog.IsCached(n)))
            Assert.Equal(15625, FeatureCatalog.Build(SharedData.Nb201, name).Rows);
        var onehot = FeatureCatalog.Build(SharedData.Nb201, "onehot");
        Assert.Equal(64 + 8 * 7, onehot.Columns);
        Assert.Equal(8f, Enumerable.Range(0, onehot.Columns).Sum(c => c >= 64 ? onehot[0, c] : 0)); // one label per node
        Assert.Contains("Unknown feature set 'cate64'", Assert.Throws<NasflatException>(() => FeatureCatalog.Build(SharedData.Nb201, "cate64")).Message);
    }

    [Fact]
    public void OperationCountsFollowTheLayers()
    {
        var data = SharedData.Fbnet;
        var counts = FeatureCatalog.Build(data, "opcount");
        Assert.Equal(Nasflat.Spaces.Fbnet.FbnetOps.All.Select(n => $"count_{n}"), counts.ColumnNames);
        int skip = counts.ColumnNames.ToList().IndexOf("count_skip");
        var skips = Enumerable.Range(0, data.ArchitectureCount).Select(i => data.Architectures[i].Ops.Count(op => op == Nasflat.Spaces.Fbnet.FbnetOp.Skip)).ToList();
        // Min-max scaled counts: an affine map of the raw count, 0 at the fewest skips and 1 at the most.
        for (int i = 0; i < 50; i++)
            Assert.Equal((skips[i] - skips.Min()) / (float)(skips.Max() - skips.Min()), counts[i, skip], 5);
        var both = FeatureCatalog.Build(data, "opcount_zcp");
        Assert.Equal(9 + 13, both.Columns);
        // NB201: the input and output labels never vary, so only the five edge operations remain.
        Assert.Equal(5, FeatureCatalog.Build(SharedData.Nb201, "opcount").Columns);
    }
}

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
        Assert.True(FeatureCatalog.IsCached("zcp13") && FeatureCatalog.IsCached("a2vzcp") && !FeatureCatalog.IsCached("zcp"));
    }

    [Fact]
    public void Nb201FeatureSetsCoverTheSpace()
    {
        foreach (string name in FeatureCatalog.Names(Nasflat.Spaces.SearchSpaceKind.Nb201).Where(n => !FeatureCatalog.IsCached(n)))
            Assert.Equal(15625, FeatureCatalog.Build(SharedData.Nb201, name).Rows);
        var onehot = FeatureCatalog.Build(SharedData.Nb201, "onehot");
        Assert.Equal(64 + 8 * 7, onehot.Columns);
        Assert.Equal(8f, Enumerable.Range(0, onehot.Columns).Sum(c => c >= 64 ? onehot[0, c] : 0)); // one label per node
        Assert.Contains("Unknown feature set 'cate'", Assert.Throws<NasflatException>(() => FeatureCatalog.Build(SharedData.Nb201, "cate")).Message);
    }
}

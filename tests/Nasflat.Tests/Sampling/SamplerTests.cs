using Nasflat.Encodings;
using Nasflat.Sampling;

namespace Nasflat.Tests.Sampling;

public class SamplerTests
{
    private static readonly int[] All = Enumerable.Range(0, 100).ToArray();

    [Fact]
    public void RandomSamplesAreDistinctCandidatesAndSeeded()
    {
        var sampler = new RandomSampler();
        var a = sampler.Sample(All, 10, new Random(1));
        Assert.Equal(10, a.Distinct().Count());
        Assert.Equal(a, sampler.Sample(All, 10, new Random(1)));
        Assert.NotEqual(a, sampler.Sample(All, 10, new Random(2)));
        Assert.Equal(3, sampler.Sample([5, 6, 7], 10, new Random(1)).Count);
    }

    [Fact]
    public void StratifiedSamplerPicksOnePerContiguousBucket()
    {
        // metric = -index, so ascending order is 99, 98, ..., 0; 10 buckets of 10.
        var sampler = new StratifiedSampler("m", All.Select(i => -(double)i).ToArray());
        var picks = sampler.Sample(All, 10, new Random(4));
        var buckets = picks.Select(i => (99 - i) / 10).ToList();
        Assert.Equal(Enumerable.Range(0, 10), buckets);

        // Uneven split: 7 into 3 buckets of 3, 2, 2 (larger first, like numpy.array_split).
        var uneven = new StratifiedSampler("m", All.Select(i => (double)i).ToArray()).Sample([0, 1, 2, 3, 4, 5, 6], 3, new Random(9));
        Assert.InRange(uneven[0], 0, 2);
        Assert.InRange(uneven[1], 3, 4);
        Assert.InRange(uneven[2], 5, 6);
    }

    private static FeatureMatrix ThreeBlobs()
    {
        var random = new Random(0);
        var values = new List<float>();
        for (int i = 0; i < 90; i++)
        {
            float centre = (i / 30) * 10f;
            values.Add(centre + (float)random.NextDouble());
            values.Add(-centre + (float)random.NextDouble());
        }
        return new FeatureMatrix("blobs", 90, ["x", "y"], [.. values]);
    }

    [Fact]
    public void KMeansFindsSeparatedClustersAndPicksTheirCentres()
    {
        var features = ThreeBlobs();
        var fit = KMeans.Fit(features, Enumerable.Range(0, 90).ToArray(), 3, new Random(3));
        for (int blob = 0; blob < 3; blob++)
            Assert.Single(Enumerable.Range(blob * 30, 30).Select(i => fit.Assignment[i]).Distinct());

        var picks = new KMeansSampler(features, ClusterPick.NearestToCentroid).Sample(Enumerable.Range(0, 90).ToArray(), 3, new Random(3));
        Assert.Equal([0, 1, 2], picks.Select(i => i / 30).Order());
        var members = new KMeansSampler(features, ClusterPick.RandomMember).Sample(Enumerable.Range(0, 90).ToArray(), 3, new Random(3));
        Assert.Equal([0, 1, 2], members.Select(i => i / 30).Order());
    }

    [Fact]
    public void CosineSamplersCoverAtypicalArchitectures()
    {
        // 95 points along (1, 0) and 5 along (0, 1): the 5 are the least typical.
        var values = Enumerable.Range(0, 100).SelectMany(i => i < 95 ? new[] { 1f, 0.01f * i } : new[] { 0f, 1f + i }).ToArray();
        var features = new FeatureMatrix("f", 100, ["a", "b"], values);
        var least = new CosineSampler(features, CosineMode.LeastTypical).Sample(All, 5, new Random(1));
        Assert.Equal([95, 96, 97, 98, 99], least.Order());
        var greedy = new CosineSampler(features, CosineMode.Greedy).Sample(All, 4, new Random(1));
        Assert.Equal(4, greedy.Distinct().Count());
        Assert.Equal(10, new CosineSampler(features, CosineMode.Bucketed).Sample(All, 10, new Random(1)).Distinct().Count());
    }

    [Fact]
    public void FactoryBuildsEverySpecAndRejectsUnknownOnes()
    {
        var factory = new SamplerFactory(SharedData.Fbnet);
        var candidates = Enumerable.Range(0, 5000).ToArray();
        foreach (string spec in new[] { "random", "flops", "params", "latency", "kmeans:zcp", "kmeans-member:flops_params", "cosine:zcp", "cosine-least:zcp", "cosine-greedy:zcp", "kmeancosine:zcp" })
        {
            var picks = factory.Create(spec, "pixel2").Sample(candidates, 8, new Random(5));
            Assert.Equal(8, picks.Distinct().Count());
        }
        Assert.Contains("Unknown feature set 'cate64' for fbnet", Assert.Throws<NasflatException>(() => factory.Create("kmeans:cate64")).Message);
        Assert.Contains("Unknown sampler 'stratified'", Assert.Throws<NasflatException>(() => factory.Create("stratified")).Message);
        Assert.Contains("needs a device", Assert.Throws<NasflatException>(() => factory.Create("latency")).Message);
        // What a bench run trains once before its workers start (the learned encodings its samplers read).
        Assert.Equal("caz", SamplerFactory.FeatureSetOf("kmeans:caz"));
        Assert.Equal("zcp", SamplerFactory.FeatureSetOf(" cosine-least:zcp"));
        Assert.Null(SamplerFactory.FeatureSetOf("random"));
    }

    [Fact]
    public void LatencyOracleSpansTheTargetsRange()
    {
        var data = SharedData.Nb201;
        var picks = new SamplerFactory(data).Create("latency", "gold_6226").Sample(Enumerable.Range(0, data.ArchitectureCount).ToArray(), 20, new Random(2));
        var latencies = picks.Select(i => data.Latency.Latency(i, "gold_6226")!.Value).Order().ToList();
        var all = data.Latency.Column("gold_6226").Order().ToList();
        Assert.True(latencies[0] <= all[all.Count / 20], "the first pick comes from the fastest 5 %");
        Assert.True(latencies[^1] >= all[all.Count - all.Count / 20 - 1], "the last pick comes from the slowest 5 %");
    }
}

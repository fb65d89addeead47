using Nasflat.Baselines;
using TorchSharp;
using static TorchSharp.torch;
using Nasflat.Experiments;

namespace Nasflat.Tests.Baselines;

/// <summary>Draws from libtorch's process-wide generator, so it never runs beside a test whose seeded construction it would disturb.</summary>
[Collection(nameof(Nasflat.Tests.Native.TorchGlobalsCollection))]
public class MultiPredictNetworkTests
{
    private static (Tensor Features, Tensor Adjacency) Graphs()
    {
        using var generator = new Generator(7);
        var features = torch.rand([3, 9, 8], generator: generator);
        var adjacency = torch.eye(9).expand(3, 9, 9).contiguous();
        return (features, adjacency);
    }

    [Fact]
    public void TransferTrainsTheDeviceEmbeddingsAndHeadButNotTheEncoder()
    {
        Nasflat.Native.TorchRuntime.EnsureLoaded();
        var (features, adjacency) = Graphs();
        using var network = new MultiPredictNetwork(8, graph: true, extraFeatures: 0, deviceCount: 4, new MultiPredictOptions(), seed: 1);
        var encodingsBefore = network.Encode(features, adjacency, null).detach().clone();
        var devices = torch.tensor(new long[] { 2, 2, 2 });
        var before = network.forward(encodingsBefore, devices).detach().clone();

        using var optimizer = optim.AdamW(network.TransferParameters(), lr: 1e-2);
        var loss = network.forward(network.Encode(features, adjacency, null), devices).sum();
        loss.backward();
        optimizer.step();

        var encodingsAfter = network.Encode(features, adjacency, null).detach();
        Assert.True(encodingsBefore.allclose(encodingsAfter, 0, 0), "the encoder must stay frozen during transfer");
        Assert.False(torch.allclose(before, network.forward(encodingsAfter, devices).detach()), "the head and device row must move");
        // 8-d embedding table + head (38 → 1000 → 1, with biases).
        Assert.Equal(4 * 8 + 38 * 1000 + 1000 + 1000 + 1, network.TransferParameters().Sum(p => p.numel()));
    }

    [Fact]
    public void ConstructionDependsOnlyOnTheSeed()
    {
        Nasflat.Native.TorchRuntime.EnsureLoaded();
        var (features, adjacency) = Graphs();
        var devices = torch.tensor(new long[] { 0, 1, 3 });
        Tensor Output(long seed)
        {
            using var network = new MultiPredictNetwork(8, graph: true, extraFeatures: 0, deviceCount: 4, new MultiPredictOptions(), seed);
            return network.forward(network.Encode(features, adjacency, null), devices).detach().clone();
        }
        var first = Output(3);
        torch.rand(10); // draws from the global generator must not matter
        Assert.True(first.allclose(Output(3), 0, 0));
        Assert.False(first.allclose(Output(4), 0, 0));
        Assert.All(first.data<float>().ToArray(), p => Assert.InRange(p, 0f, 1f)); // sigmoid output
    }

    [Theory]
    [InlineData(5, 900, 180)]  // N1–N3: the source count divides 900, so each source sees a fifth of the pool
    [InlineData(10, 900, 90)]  // N4
    [InlineData(17, 900, 900)] // NA: coprime, every source sees every architecture
    [InlineData(15, 4000, 800)] // FA: gcd 5
    public void ReferencePairingGivesEachSourceThePoolShareTheReferenceLoaderDoes(int sources, int listed, int distinctPerSource)
    {
        var pairs = MultiPredictMethod.ReferencePairs(sources, listed).ToList();
        Assert.Equal(sources * listed, pairs.Count);
        foreach (var group in pairs.GroupBy(p => p.Source))
        {
            Assert.Equal(listed, group.Count());
            Assert.Equal(distinctPerSource, group.Select(p => p.Rank).Distinct().Count());
        }
    }

    [Fact]
    public void NewDeviceTargetsAreScaledByTheSamplesOrByTheWholeTable()
    {
        double[] column = [4, double.NaN, 1, 9, 6, 2];
        var bySamples = MultiPredictMethod.TargetScale(column, [0, 4], byTable: false);
        Assert.Equal((0f, 1f), (bySamples.Apply(4), bySamples.Apply(6)));
        var byTable = MultiPredictMethod.TargetScale(column, [0, 4], byTable: true); // min 1, max 9, NaN skipped
        Assert.Equal((0.375f, 0.625f), (byTable.Apply(4), byTable.Apply(6)));
    }
}

using Nasflat.Native;
using Nasflat.Networks;
using Nasflat.Spaces.Fbnet;
using Nasflat.Spaces.Nb201;
using TorchSharp;

namespace Nasflat.Tests.Networks;

/// <summary>Draws from libtorch's process-wide generator, so it never runs beside a test whose seeded construction it would disturb.</summary>
[Collection(nameof(Nasflat.Tests.Native.TorchGlobalsCollection))]
public class NetworkTests
{
    public NetworkTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(0, Nb201Dataset.Cifar10)]
    [InlineData(1462, Nb201Dataset.Cifar100)]      // all conv3x3: the largest
    [InlineData(1651, Nb201Dataset.ImageNet16_120)] // all none
    [InlineData(9, Nb201Dataset.Cifar10)]            // every op kind, none and skip included
    [InlineData(123, Nb201Dataset.Cifar10)]
    public void Nb201NetworkRunsAndMatchesTheAnalyticCounts(int index, Nb201Dataset dataset)
    {
        var cell = Nb201Index.CellAt(index);
        using var network = new Nb201Network(cell, dataset);
        var profile = NetworkProfile.Measure(network, network.InputShape(1));
        Assert.Equal(Nb201Cost.Parameters(cell, dataset), profile.Parameters);
        Assert.Equal(Nb201Cost.Flops(cell, dataset), profile.Macs);
        using var output = network.call(torch.randn(network.InputShape(2)));
        Assert.Equal([2L, Nb201Cost.Classes(dataset)], output.shape);
    }

    [Fact]
    public void Nb201CountsMatchForASampleOfCells()
    {
        foreach (int index in Enumerable.Range(0, 15625).Where(i => i % 1500 == 7))
        {
            var cell = Nb201Index.CellAt(index);
            using var network = new Nb201Network(cell);
            var profile = NetworkProfile.Measure(network, network.InputShape(1));
            Assert.Equal((Nb201Cost.Parameters(cell), Nb201Cost.Flops(cell)), (profile.Parameters, profile.Macs));
        }
    }

    [Theory]
    [InlineData(FbnetDataset.Cifar100)]
    [InlineData(FbnetDataset.ImageNet)]
    public void FbnetNetworksRunEveryBlockAndMatchTheAnalyticCounts(FbnetDataset dataset)
    {
        // Cycling through the 9 ops puts every op, skip included, at strided and non-strided layers.
        foreach (int shift in new[] { 0, 4 })
        {
            var arch = new FbnetArch(Enumerable.Range(0, FbnetArch.LayerCount).Select(l => (FbnetOp)((l + shift) % FbnetOps.Count)));
            using var network = new FbnetNetwork(arch, dataset);
            var profile = NetworkProfile.Measure(network, network.InputShape(1));
            Assert.Equal(FbnetCost.Parameters(arch, dataset), profile.Parameters);
            Assert.Equal(FbnetCost.Flops(arch, dataset), profile.Macs);
        }
    }

    [Fact]
    public void FbnetHelpArchitecturesMatchTheProxyFileAndOutputClasses()
    {
        var data = SharedData.Fbnet;
        foreach (int index in new[] { 0, 1, 4999 })
        {
            using var network = new FbnetNetwork(data.Architectures[index]);
            var profile = NetworkProfile.Measure(network, network.InputShape(1));
            Assert.Equal((long)data.ZeroCostProxies.Score(index, "params")!.Value, profile.Parameters);
            using var output = network.call(torch.randn(network.InputShape(2)));
            Assert.Equal([2L, 100L], output.shape);
        }
    }
}

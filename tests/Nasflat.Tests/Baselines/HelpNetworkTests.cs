using Nasflat.Baselines;
using Nasflat.Spaces.Fbnet;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Tests.Baselines;

public class HelpNetworkTests
{
    [Fact]
    public void FbnetLayersAreEncodedAsKernelAndExpansionCodes()
    {
        using var inputs = new HelpInputs(SharedData.Fbnet);
        Assert.Equal(132, inputs.InputWidth);
        var arch = SharedData.Fbnet.Architectures[0];
        var row = inputs.Features[0].data<float>().ToArray();
        for (int layer = 0; layer < FbnetArch.LayerCount; layer++)
        {
            var code = row[(layer * 6)..(layer * 6 + 6)];
            int op = (int)arch[layer];
            if (arch[layer] == FbnetOp.Skip) Assert.All(code, v => Assert.Equal(0f, v));
            else
            {
                Assert.Equal(op < 4 ? 1f : 0f, code[0]);
                Assert.Equal(op < 4 ? 0f : 1f, code[1]);
                Assert.Equal(1f, code[2 + op % 4]);
                Assert.Equal(2f, code.Sum());
            }
        }
    }

    [Fact]
    public void Nb201GlobalNodeHearsEveryNode()
    {
        using var inputs = new HelpInputs(SharedData.Nb201);
        var adjacency = inputs.Adjacency!;
        long nodes = adjacency.shape[1];
        Assert.Equal(9, nodes);
        var global = adjacency[123, nodes - 1].data<float>().ToArray();
        Assert.All(global, v => Assert.Equal(1f, v));
        var graph = SharedData.Nb201.Graph(123);
        for (int to = 0; to < graph.NodeCount; to++)
            for (int from = 0; from < graph.NodeCount; from++)
                Assert.Equal(from == to || graph.HasEdge(from, to) ? 1f : 0f, adjacency[123, to, from].item<float>());
    }

    [Fact]
    public void SecondOrderMetaGradientsReachTheInnerLearningRates()
    {
        // Meta-SGD learns the inner rates only through the query loss of the adapted weights: a gradient there proves
        // the meta-gradient flows through the inner steps.
        using var inputs = new HelpInputs(SharedData.Fbnet);
        using var network = new HelpNetwork(graph: false, inputs.InputWidth, layer: 16, innerRate: 1e-2, seed: 7);
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var hardware = torch.rand(HelpNetwork.HardwareEmbeddingDim, generator: generator);
        var (start, kl) = network.Modulated(hardware, 0.01, generator);
        var (xs, _) = inputs.Select(torch.arange(0, 10, ScalarType.Int64));
        var (xq, _) = inputs.Select(torch.arange(10, 40, ScalarType.Int64));
        var adapted = network.Adapt(start, xs, null, hardware, torch.rand(10, generator: generator), steps: 2, metaSgd: true, innerRate: 0, createGraph: true);
        var loss = nn.functional.mse_loss(network.Forward(adapted, xq, null, hardware), torch.rand(30, generator: generator)) + 0.1 * kl;
        loss.backward();
        Assert.All(network.InnerRates, rate => Assert.True(rate.grad is { } g && g.abs().sum().item<float>() > 0));
        Assert.All(network.Inference, p => Assert.True(p.grad is { } g && g.abs().sum().item<float>() > 0));
    }
}

using Nasflat.Models;
using Nasflat.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Tests.Models;

/// <summary>Draws from libtorch's process-wide generator, so it never runs beside a test whose seeded construction it would disturb.</summary>
[Collection(nameof(Nasflat.Tests.Native.TorchGlobalsCollection))]
public class PredictorTests
{
    public PredictorTests() => TorchRuntime.EnsureLoaded();

    // Analytic counts of the reference architecture (spec §5.4 gives them rounded: ≈433k, ≈451k, ≈446k, ≈326k, ≈327k).
    [Theory]
    [InlineData(GnnType.Ensemble, HardwareEmbeddingMode.OpWise, 0, 433_009)]
    [InlineData(GnnType.Ensemble, HardwareEmbeddingMode.OpWise, 77, 450_801)]
    [InlineData(GnnType.Ensemble, HardwareEmbeddingMode.ToMlp, 0, 446_417)]
    [InlineData(GnnType.Dense, HardwareEmbeddingMode.OpWise, 0, 326_001)]
    [InlineData(GnnType.Gat, HardwareEmbeddingMode.OpWise, 0, 327_281)]
    public void ParameterCountsMatchTheReference(GnnType gnn, HardwareEmbeddingMode hw, int supplementary, long expected)
    {
        using var model = new NasflatPredictor(new PredictorOptions { Gnn = gnn, HardwareEmbedding = hw, SupplementaryDim = supplementary });
        Assert.Equal(expected, model.TrainableParameterCount());
    }

    private static GraphBatch RandomBatch(int b, int v, int supplementary = 0, long seed = 1)
    {
        var generator = new Generator((ulong)seed);
        var adjacency = torch.rand(b, v, v, generator: generator).gt(0.6).to_type(ScalarType.Float32);
        var operations = torch.randint(0, 7, [b, v], generator: generator);
        var devices = torch.randint(0, 5, [b], generator: generator);
        return new GraphBatch(adjacency, operations, devices, supplementary > 0 ? torch.rand(b, supplementary, generator: generator) : null);
    }

    /// <summary>
    /// The flat optimizer gives a parameter no backward reached a zero gradient (so it is decayed, and moved by its
    /// moments), where torch would skip it. That changes no score only if such a parameter is one the forward never
    /// reads: the supplementary embedder of a predictor without supplementary inputs.
    /// </summary>
    [Theory]
    [InlineData(GnnType.Ensemble, HardwareEmbeddingMode.OpWise, 0)]
    [InlineData(GnnType.Ensemble, HardwareEmbeddingMode.OpWise, 13)]
    [InlineData(GnnType.Ensemble, HardwareEmbeddingMode.ToMlp, 0)]
    [InlineData(GnnType.Dense, HardwareEmbeddingMode.OpWise, 0)]
    [InlineData(GnnType.Gat, HardwareEmbeddingMode.OpWise, 0)]
    public void AParameterNoBackwardReachesIsOneNoScoreReads(GnnType gnn, HardwareEmbeddingMode hw, int supplementary)
    {
        torch.manual_seed(7);
        using var model = new NasflatPredictor(new PredictorOptions { Gnn = gnn, HardwareEmbedding = hw, SupplementaryDim = supplementary });
        var batch = RandomBatch(6, 8, supplementary);
        model.train();
        model.forward(batch).sum().backward();
        var unreached = model.named_parameters().Where(p => p.parameter.grad is null).ToList();
        Assert.Equal(supplementary == 0, unreached.Count > 0);

        model.eval();
        using var before = model.forward(batch);
        using (no_grad())
            foreach (var (_, parameter) in unreached) parameter.mul_(0.5).add_(1);
        using var after = model.forward(batch);
        Assert.True(before.allclose(after, rtol: 0, atol: 0), string.Join(", ", unreached.Select(p => p.name)));
    }

    [Fact]
    public void ScoresOneValuePerGraphAndIsDeterministicInEvalMode()
    {
        torch.manual_seed(3);
        using var model = new NasflatPredictor(new PredictorOptions { SupplementaryDim = 13 });
        model.eval();
        var batch = RandomBatch(6, 8, 13);
        using var first = model.forward(batch);
        using var second = model.forward(batch);
        Assert.Equal([6L], first.shape);
        Assert.True(first.allclose(second));
        Assert.True(first.isfinite().all().item<bool>());
    }

    [Fact]
    public void DropoutMakesTrainModeStochastic()
    {
        torch.manual_seed(3);
        using var model = new NasflatPredictor(new PredictorOptions());
        model.train();
        var batch = RandomBatch(6, 8);
        using var first = model.forward(batch);
        using var second = model.forward(batch);
        Assert.False(first.allclose(second));
    }

    [Fact]
    public void FirstAndLastNodeLabelsAreIgnoredAsInTheReference()
    {
        torch.manual_seed(5);
        using var model = new NasflatPredictor(new PredictorOptions());
        model.eval();
        var batch = RandomBatch(4, 22);
        var altered = batch with { Operations = batch.Operations.clone() };
        altered.Operations[TensorIndex.Colon, 0] = torch.tensor(8L);
        altered.Operations[TensorIndex.Colon, 21] = torch.tensor(3L);
        Assert.True(model.forward(batch).allclose(model.forward(altered)));

        var inner = batch with { Operations = batch.Operations.clone() };
        inner.Operations[TensorIndex.Colon, 5] = (inner.Operations[TensorIndex.Colon, 5] + 1) % 7;
        Assert.False(model.forward(batch).allclose(model.forward(inner)));
    }

    [Fact]
    public void AttentionReachesNonNeighboursBecauseMaskingMultiplies()
    {
        torch.manual_seed(9);
        using var layer = new GraphAttentionLayer(4, 4, 3);
        var h = torch.randn(1, 3, 4);
        var incoming = torch.eye(3).unsqueeze(0); // only self-edges
        var operations = NodeOperations.Dense(torch.randn(1, 3, 3));
        var changed = h.clone();
        changed[0, 2] = changed[0, 2] + 5;        // node 2 is not a neighbour of node 0
        var before = layer.forward(h, incoming, operations)[0, 0];
        var after = layer.forward(changed, incoming, operations)[0, 0];
        Assert.False(before.allclose(after));

        using var dense = new DenseGraphFlow(4, 4, 3);
        Assert.True(dense.forward(h, incoming, operations)[0, 0].allclose(dense.forward(changed, incoming, operations)[0, 0]));
    }

    [Fact]
    public void ExclusiveMaskingHidesNonNeighbours()
    {
        torch.manual_seed(9);
        using var layer = new GraphAttentionLayer(4, 4, 3, AttentionMasking.Exclusive);
        var h = torch.randn(1, 3, 4);
        var incoming = torch.zeros(1, 3, 3);
        incoming[0, 0, 1] = torch.tensor(1f);      // node 0 hears node 1 only (and itself)
        var operations = NodeOperations.Dense(torch.randn(1, 3, 3));
        var changed = h.clone();
        changed[0, 2] = changed[0, 2] + 5;
        Assert.True(layer.forward(h, incoming, operations)[0, 0].allclose(layer.forward(changed, incoming, operations)[0, 0]));
        var neighbour = h.clone();
        neighbour[0, 1] = neighbour[0, 1] + 5;
        Assert.False(layer.forward(h, incoming, operations)[0, 0].allclose(layer.forward(neighbour, incoming, operations)[0, 0]));
    }

    [Fact]
    public void EndpointLabelsCanBeKept()
    {
        torch.manual_seed(5);
        using var model = new NasflatPredictor(new PredictorOptions { UseEndpointOperationLabels = true });
        model.eval();
        var batch = RandomBatch(4, 22);
        var altered = batch with { Operations = batch.Operations.clone() };
        altered.Operations[TensorIndex.Colon, 0] = (altered.Operations[TensorIndex.Colon, 0] + 1) % 7;
        Assert.False(model.forward(batch).allclose(model.forward(altered)));
        Assert.Equal(433_009, model.TrainableParameterCount());
    }

    [Theory]
    [InlineData(AttentionMasking.Multiplicative, GnnType.Ensemble)]
    [InlineData(AttentionMasking.Exclusive, GnnType.Ensemble)]
    [InlineData(AttentionMasking.Multiplicative, GnnType.Gat)]
    public void IdentityFastPathEqualsTheGeneralComputation(AttentionMasking masking, GnnType gnn)
    {
        torch.manual_seed(4);
        using var model = new NasflatPredictor(new PredictorOptions { AttentionMasking = masking, Gnn = gnn });
        model.eval();
        var general = RandomBatch(5, 22) with { IncomingAdjacency = torch.eye(22).unsqueeze(0).expand(5, 22, 22).contiguous() };
        var fast = general with { IdentityAdjacency = true };
        Assert.True(model.forward(general).allclose(model.forward(fast), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void FbnetTensorsAreRecognisedAsIdentityGraphs()
    {
        using var fbnet = new Nasflat.Training.SpaceTensors(SharedData.Fbnet);
        using var nb201 = new Nasflat.Training.SpaceTensors(SharedData.Nb201);
        Assert.True(fbnet.IdentityAdjacency);
        Assert.False(nb201.IdentityAdjacency);
    }

    [Fact]
    public void DeviceEmbeddingCanBeCopiedToANewDevice()
    {
        torch.manual_seed(2);
        using var model = new NasflatPredictor(new PredictorOptions());
        model.eval();
        var batch = RandomBatch(3, 8);
        var onDevice1 = batch with { Devices = torch.full([3], 1L) };
        var onDevice7 = batch with { Devices = torch.full([3], 7L) };
        Assert.False(model.forward(onDevice1).allclose(model.forward(onDevice7)));
        model.CopyDeviceEmbedding(1, 7);
        Assert.True(model.forward(onDevice1).allclose(model.forward(onDevice7)));
    }

    [Fact]
    public void DeviceEmbeddingsMixWithTheirWeights()
    {
        torch.manual_seed(3);
        using var model = new NasflatPredictor(new PredictorOptions());
        var weight = model.named_parameters().Single(p => p.name.Contains("deviceEmbedding")).parameter;
        var expected = (0.75 * weight[2] + 0.25 * weight[5]).detach().clone();
        model.MixDeviceEmbeddings([(2, 0.75), (5, 0.25)], 9);
        Assert.True(weight[9].allclose(expected, rtol: 1e-6, atol: 1e-7));
        Assert.False(weight[9].allclose(weight[2]));
    }

    [Fact]
    public void BFloat16CopyScoresLikeTheOriginal()
    {
        torch.manual_seed(5);
        using var model = new NasflatPredictor(new PredictorOptions { SupplementaryDim = 13 });
        model.eval();
        var batch = RandomBatch(64, 8, supplementary: 13);
        using var copy = model.CopyIn(ScalarType.BFloat16);
        var full = model.forward(batch);
        var reduced = copy.forward(batch);
        Assert.Equal(ScalarType.BFloat16, reduced.dtype);
        var difference = (full - reduced.to(ScalarType.Float32)).abs().max().item<float>();
        var spread = full.std().item<float>();
        Assert.True(difference < 0.05 * spread + 0.02, $"largest difference {difference} vs score spread {spread}");
        // The copy holds its own weights: changing the original leaves it alone.
        using (torch.no_grad()) model.parameters().First().add_(1.0);
        Assert.True(copy.forward(batch).eq(reduced).all().item<bool>());
    }

    [Fact]
    public void MixedPrecisionGradientsFollowFloat32Gradients()
    {
        torch.manual_seed(6);
        using var model = new NasflatPredictor(new PredictorOptions { Dropout = 0 });
        var batch = RandomBatch(32, 8);
        model.train();
        model.forward(batch).square().mean().backward();
        var reference = torch.cat(model.parameters().Select(p => p.grad is { } g ? g.flatten() : torch.zeros(p.numel())).ToArray());

        using var master = new Nasflat.Tensors.FlatParameters(model.parameters());
        using var mixed = new Nasflat.Training.MixedPrecision(model, master);
        var working = mixed.Prepare();
        mixed.ZeroGradients();
        working.forward(batch).to(ScalarType.Float32).square().mean().backward();
        mixed.CopyGradientsToMaster();
        var gradients = master.Gradients;
        Assert.Equal(ScalarType.Float32, gradients.dtype);
        double cosine = (reference * gradients).sum().item<float>() / (reference.norm().item<float>() * gradients.norm().item<float>());
        Assert.True(cosine > 0.99, $"cosine similarity of the gradients {cosine:0.0000}");
    }
}

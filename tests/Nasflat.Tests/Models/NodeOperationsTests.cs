using Nasflat.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Nasflat.Tests.Models;

/// <summary>Draws from libtorch's process-wide generator, so it never runs beside a test whose seeded construction it would disturb.</summary>
[Collection(nameof(Nasflat.Tests.Native.TorchGlobalsCollection))]
public class NodeOperationsTests
{
    [Fact]
    public void FactoredRowsMapLikeTheDenseTensorTheyStandFor()
    {
        Nasflat.Native.TorchRuntime.EnsureLoaded();
        torch.manual_seed(3);
        var rows = torch.randn(4, 6);
        var index = torch.tensor(new long[] { 0, 3, 3, 1, 2, 0, 1, 1 }, [2, 4]);
        using var gate = nn.Linear(6, 5);
        var dense = NodeOperations.Dense(rows.index_select(0, index.flatten()).view(2, 4, 6));
        var factored = NodeOperations.Factored(rows, index);

        var expected = dense.Map(e => gate.forward(e).sigmoid());
        var actual = factored.Map(e => gate.forward(e).sigmoid());
        Assert.Equal(new long[] { 2, 4, 5 }, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-6, atol: 1e-7));
        Assert.Equal(6, factored.Width);
    }

    [Fact]
    public void PredictorScoresDoNotDependOnWhichGraphsShareABatch()
    {
        // The distinct operation rows of a batch depend on its other graphs; a graph's score must not.
        Nasflat.Native.TorchRuntime.EnsureLoaded();
        var options = new PredictorOptions { Gnn = GnnType.Ensemble, OperationVocabulary = 8, DeviceVocabulary = 4 };
        using var model = NasflatPredictor.Create(options, 11);
        model.eval();
        using var noGrad = torch.no_grad();
        var adjacency = (torch.rand(6, 5, 5) > 0.5).to(ScalarType.Float32);
        var operations = torch.randint(0, 8, [6, 5], dtype: ScalarType.Int64);
        var devices = torch.tensor(new long[] { 0, 1, 2, 3, 1, 0 });
        var all = model.forward(new GraphBatch(adjacency, operations, devices, null));
        var pick = torch.tensor(new long[] { 4, 1 });
        var some = model.forward(new GraphBatch(adjacency.index_select(0, pick), operations.index_select(0, pick), devices.index_select(0, pick), null));
        Assert.True(some.allclose(all.index_select(0, pick), rtol: 1e-5, atol: 1e-6));
    }
}

public class FlopsPriorTests
{
    [Fact]
    public void ThePriorStartsSilentAndAddsItsDeviceWeightTimesThePrior()
    {
        Nasflat.Native.TorchRuntime.EnsureLoaded();
        var options = new PredictorOptions { OperationVocabulary = 8, DeviceVocabulary = 4 };
        using var plain = NasflatPredictor.Create(options, 5);
        using var prior = NasflatPredictor.Create(options with { FlopsPrior = true }, 5);
        plain.eval();
        prior.eval();
        using var noGrad = torch.no_grad();
        // Tests in parallel may draw from the global generator during construction: share the weights explicitly.
        var priorState = prior.state_dict();
        foreach (var (name, tensor) in plain.state_dict()) priorState[name].copy_(tensor);
        var batch = new GraphBatch((torch.rand(3, 5, 5) > 0.5).to(ScalarType.Float32), torch.randint(0, 8, [3, 5], dtype: ScalarType.Int64),
            torch.tensor(new long[] { 0, 1, 2 }), null, Prior: torch.tensor(new float[] { -1, 0.5f, 2 }));
        Assert.True(prior.forward(batch).allclose(plain.forward(batch), rtol: 1e-5, atol: 1e-6));
        Assert.Equal(plain.TrainableParameterCount() + options.HardwareEmbeddingDim + 1, prior.TrainableParameterCount());

        var bias = prior.named_parameters().Single(p => p.name.Contains("priorWeight") && p.name.EndsWith("bias")).parameter;
        bias.fill_(2.0);
        Assert.True((prior.forward(batch) - plain.forward(batch)).allclose(torch.tensor(new float[] { -2, 1, 4 }), rtol: 1e-5, atol: 1e-5));
        Assert.Throws<InvalidOperationException>(() => prior.forward(batch with { Prior = null }));
    }
}

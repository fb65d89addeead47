using Nasflat.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Nasflat.Tests.Models;

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

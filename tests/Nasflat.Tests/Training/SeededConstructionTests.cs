using Nasflat.Native;
using Nasflat.Networks;
using Nasflat.Spaces.Nb201;
using Nasflat.Training;
using TorchSharp;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Tests.Training;

/// <summary>Draws from libtorch's process-wide generator, so it never runs beside a test whose seeded construction it would disturb.</summary>
[Collection(nameof(Nasflat.Tests.Native.TorchGlobalsCollection))]
public class SeededConstructionTests
{
    public SeededConstructionTests() => TorchRuntime.EnsureLoaded();

    private static float[] Weights(nn.Module module) =>
        module.parameters().SelectMany(p => p.detach().flatten().to(ScalarType.Float32).data<float>().ToArray()).ToArray();

    /// <summary>Weights follow the seed alone, even while other threads draw from libtorch's global generator.</summary>
    [Fact]
    public async Task BuildDependsOnlyOnTheSeed()
    {
        var cell = Nb201Index.CellAt(1234);
        using var first = SeededConstruction.Build(7, () => new Nb201Network(cell));
        using var stop = new CancellationTokenSource();
        var noise = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested) using (torch.randn(64)) { }
        });
        torch.manual_seed(99);
        using var second = SeededConstruction.Build(7, () => new Nb201Network(cell));
        using var other = SeededConstruction.Build(8, () => new Nb201Network(cell));
        stop.Cancel();
        await noise;

        Assert.Equal(Weights(first), Weights(second));
        Assert.NotEqual(Weights(first), Weights(other));
    }

    /// <summary>Re-drawn weights keep libtorch's default law: inside ±1/√fan-in and spread across it.</summary>
    [Fact]
    public void BuildDrawsFromTheDefaultLaw()
    {
        using var module = SeededConstruction.Build(3, () => nn.Sequential(nn.Conv2d(8, 16, 3), nn.Linear(40, 5)));
        var conv = (TorchSharp.Modules.Conv2d)module.children().First();
        double bound = 1 / Math.Sqrt(8 * 3 * 3);
        var values = conv.weight!.data<float>().ToArray();
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        // A uniform law on ±b has standard deviation b/√3; 1152 draws put the sample within 5 % of it.
        double sd = Math.Sqrt(values.Select(v => (double)v * v).Average());
        Assert.InRange(sd, 0.95 * bound / Math.Sqrt(3), 1.05 * bound / Math.Sqrt(3));
    }
}

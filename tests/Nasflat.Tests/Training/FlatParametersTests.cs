using Nasflat.Native;
using Nasflat.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Tests.Training;

public class FlatParametersTests
{
    public FlatParametersTests() => TorchRuntime.EnsureLoaded();

    private static nn.Module<Tensor, Tensor> TwoLayers(long seed) =>
        SeededConstruction.Build(seed, () => nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1)));

    [Fact]
    public void ParametersKeepTheirValuesAndBecomeViewsOfTheBuffer()
    {
        using var model = TwoLayers(1);
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();
        using var flat = new FlatParameters(model.parameters());

        Assert.Equal(before.Sum(p => p.numel()), flat.Values.numel());
        foreach (var (parameter, original) in model.parameters().Zip(before)) Assert.True(parameter.allclose(original, rtol: 0, atol: 0));
        using (no_grad()) flat.Values.fill_(0.5);
        Assert.All(model.parameters(), p => Assert.True(p.eq(0.5).all().item<bool>()));
    }

    [Fact]
    public void BackwardAccumulatesIntoTheGradientBufferUntilItIsReset()
    {
        using var model = TwoLayers(2);
        using var flat = new FlatParameters(model.parameters());
        var input = torch.randn(8, 4, generator: new Generator(3));

        model.forward(input).sum().backward();
        var once = flat.Gradients.clone();
        Assert.True(once.abs().sum().item<float>() > 0);
        model.forward(input).sum().backward();
        Assert.True(flat.Gradients.allclose(once * 2, rtol: 1e-6, atol: 1e-7));
        flat.ZeroGradients();
        model.forward(input).sum().backward();
        Assert.True(flat.Gradients.allclose(once, rtol: 0, atol: 0));
        flat.CheckShared();
    }

    [Fact]
    public void AModuleResetToNullGradientsIsCaughtBeforeAStepOnStaleZeros()
    {
        using var model = TwoLayers(4);
        using var flat = new FlatParameters(model.parameters());
        using var optimizer = new HeldScalarAdamW(flat, 1e-2, 0, epochs: 1, minimumLearningRate: 1e-3);
        model.zero_grad(); // sets each gradient to null; backward then allocates new, unshared ones
        model.forward(torch.randn(8, 4, generator: new Generator(5))).sum().backward();

        var error = Assert.Throws<InvalidOperationException>(optimizer.Step);
        Assert.Contains("ZeroGradients", error.Message);
    }

    [Fact]
    public void ParametersOfDifferentTypesAreRefused()
    {
        using var a = torch.zeros(3).requires_grad_(true);
        using var b = torch.zeros(3, dtype: ScalarType.BFloat16).requires_grad_(true);
        var error = Assert.Throws<ArgumentException>(() => new FlatParameters([a, b]));
        Assert.Contains("BFloat16", error.Message);
    }
}

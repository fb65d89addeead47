using Nasflat.Native;
using Nasflat.Training;
using TorchSharp;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Tests.Training;

/// <summary>Draws from libtorch's process-wide generator, so it never runs beside a test whose seeded construction it would disturb.</summary>
[Collection(nameof(Nasflat.Tests.Native.TorchGlobalsCollection))]
public class HeldScalarAdamWTests
{
    public HeldScalarAdamWTests() => TorchRuntime.EnsureLoaded();

    /// <summary>The same steps as torch.optim.AdamW with CosineAnnealingLR, to float32 rounding.</summary>
    [Fact]
    public void MatchesTorchAdamWWithCosineAnnealing()
    {
        const int epochs = 4, stepsPerEpoch = 3;
        var generator = new Generator(3);
        var input = torch.randn(16, 5, generator: generator);
        var target = torch.randn(16, 1, generator: generator);
        torch.manual_seed(9);
        using var ours = nn.Linear(5, 1);
        using var theirs = nn.Linear(5, 1);
        theirs.load_state_dict(ours.state_dict());

        using var flat = new FlatParameters(ours.parameters());
        using var held = new HeldScalarAdamW(flat, 1e-2, 1e-3, epochs, 1e-5);
        using var reference = optim.AdamW(theirs.parameters(), lr: 1e-2, weight_decay: 1e-3);
        var schedule = optim.lr_scheduler.CosineAnnealingLR(reference, epochs, 1e-5);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int step = 0; step < stepsPerEpoch; step++)
            {
                flat.ZeroGradients();
                (ours.forward(input) - target).square().mean().backward();
                held.Step();
                reference.zero_grad();
                (theirs.forward(input) - target).square().mean().backward();
                reference.step();
            }
            held.EndEpoch(epoch + 1);
            schedule.step();
        }
        foreach (var ((name, mine), (_, expected)) in ours.named_parameters().Zip(theirs.named_parameters()))
            Assert.True(mine.allclose(expected, rtol: 1e-5, atol: 1e-6), $"{name}: {mine.data<float>()[0]} vs {expected.data<float>()[0]}");
        Assert.False(ours.weight!.allclose(torch.zeros_like(ours.weight)), "the weights moved");
        Assert.Equal(1e-5 + (1e-2 - 1e-5) * (1 + Math.Cos(Math.PI)) / 2, held.LearningRate, 12);
    }
}

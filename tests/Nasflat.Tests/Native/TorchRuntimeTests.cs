using Nasflat.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Tests.Native;

public class TorchRuntimeTests
{
    [Fact]
    public void TinyModelTrainsWithAdamW()
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(7);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(256, 4);
        var trueWeights = torch.tensor(new float[] { 1.5f, -2f, 0.5f, 3f }).reshape(4, 1);
        var y = x.matmul(trueWeights) + 0.25f;

        using var model = nn.Sequential(("hidden", nn.Linear(4, 16)), ("act", nn.ReLU()), ("out", nn.Linear(16, 1)));
        using var optimizer = optim.AdamW(model.parameters(), lr: 0.01, weight_decay: 1e-4);
        float Loss() => nn.functional.mse_loss(model.forward(x), y).item<float>();

        float initial = Loss();
        for (int step = 0; step < 300; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.forward(x), y);
            loss.backward();
            optimizer.step();
        }
        float final = Loss();

        Assert.True(initial > 1f, $"initial loss {initial} should be large for an untrained model");
        Assert.True(final < initial / 20, $"loss went from {initial} to {final}; training with AdamW should cut it at least 20x");
        Assert.Contains("loaded", TorchRuntime.Status);
    }

    [Fact]
    public void EnsureLoadedIsIdempotent()
    {
        TorchRuntime.EnsureLoaded();
        string status = TorchRuntime.Status;
        TorchRuntime.EnsureLoaded();
        Assert.Equal(status, TorchRuntime.Status);
    }

    [Fact]
    public void UseThreadsLoadsLibtorchAndSetsTheThreadCount()
    {
        TorchRuntime.EnsureLoaded();
        int before = torch.get_num_threads();
        try
        {
            TorchRuntime.UseThreads(1);
            Assert.Equal(1, torch.get_num_threads());
        }
        finally
        {
            torch.set_num_threads(before);
        }
        var error = Assert.Throws<NasflatException>(() => TorchRuntime.UseThreads(0));
        Assert.Contains("0", error.Message);
    }
}

using Nasflat.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Tests.Native;

/// <summary>Runs alone: one test sets libtorch's process-wide thread count, which exact-reproducibility tests depend on.</summary>
[Collection(nameof(TorchGlobalsCollection))]
public class TorchRuntimeTests
{
    [Fact]
    public void TheHealthCheckLoadsLibtorchAndComputesAGradient()
    {
        // What `nasflat doctor` reports: the wrapper loaded (relaxed where this libstdc++ is older) and autograd works.
        var health = TorchHealth.Check();
        Assert.Contains("loaded", health.LoadStatus);
        Assert.Contains("libLibTorchSharp.so", health.LoadStatus);
        Assert.Equal(12, health.GradientCheck, 12);
        Assert.True(health.Threads >= 1);
    }

    [Fact]
    public void LoadingAsksMklForResultsThatDoNotDependOnMemoryAlignment()
    {
        TorchRuntime.EnsureLoaded();
        // Set before libtorch loaded (the test host's module initializer loads it), unless the environment chose a mode.
        Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NumericalReproducibility.Variable)));
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

/// <summary>
/// Tests that change libtorch's process-wide state (the thread count) or draw from its process-wide generator; they
/// never run beside another test. A draw from that generator landing between the draws of a seeded construction in a
/// parallel test (<see cref="Nasflat.Tensors.SeededConstruction"/>) would make that test's model differ from run to run.
/// </summary>
[CollectionDefinition(nameof(TorchGlobalsCollection), DisableParallelization = true)]
public sealed class TorchGlobalsCollection;

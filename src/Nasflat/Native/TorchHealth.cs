using System.Runtime.InteropServices;
using TorchSharp;

namespace Nasflat.Native;

/// <summary>A quick proof that libtorch works here: load it, run a forward and backward pass, report versions.</summary>
public sealed record TorchHealth(string LoadStatus, string TorchSharpVersion, int Threads, string Runtime, string Os, double GradientCheck)
{
    public static TorchHealth Check()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0, 3.0 }, requires_grad: true);
        (x * x).sum().backward();
        double gradient = x.grad!.sum().item<double>(); // d/dx sum(x^2) = 2x, summed = 12
        return new TorchHealth(
            TorchRuntime.Status,
            typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown",
            torch.get_num_threads(),
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription,
            gradient);
    }
}

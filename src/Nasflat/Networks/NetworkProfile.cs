using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nasflat.Networks;

/// <summary>
/// Parameters and multiply-accumulates counted from a built network: parameters from its tensors, MACs from one real
/// forward pass with hooks on every convolution and linear layer (output elements × input channels per group ×
/// kernel area, plus bias), the convention NAS-Bench-201 uses.
/// </summary>
public sealed record NetworkProfile(long Parameters, long Macs)
{
    public static NetworkProfile Measure(nn.Module<Tensor, Tensor> network, long[] inputShape)
    {
        Native.TorchRuntime.EnsureLoaded();
        long parameters = network.parameters().Sum(p => p.numel());
        long macs = 0;
        foreach (var (_, module) in network.named_modules())
        {
            if (module is Conv2d conv)
                conv.register_forward_hook((m, input, output) =>
                {
                    var weight = conv.weight!;
                    long perOutput = weight.shape[1] * weight.shape[2] * weight.shape[3] + (conv.bias is null ? 0 : 1);
                    macs += output.numel() / output.shape[0] * perOutput;
                    return null!; // null keeps the output unchanged
                });
            else if (module is Linear linear)
                linear.register_forward_hook((m, input, output) =>
                {
                    macs += output.numel() / output.shape[0] * (linear.weight!.shape[1] + (linear.bias is null ? 0 : 1));
                    return null!; // null keeps the output unchanged
                });
        }
        network.eval();
        using (torch.no_grad())
        using (var generator = new Generator(1)) // its own: a draw from the global one could land inside a seeded construction
        using (var input = torch.randn(inputShape, generator: generator))
        using (network.call(input)) { }
        return new NetworkProfile(parameters, macs);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Models;

/// <summary>
/// Inverted dropout that draws its masks from a generator owned by the model instead of libtorch's global one, so
/// models trained concurrently on different threads stay reproducible.
/// </summary>
public sealed class SeededDropout(double probability, Func<Generator> generator) : nn.Module<Tensor, Tensor>(nameof(SeededDropout))
{
    public override Tensor forward(Tensor input)
    {
        // alias(): never hand the input itself back, since Sequential disposes what its children return.
        if (!training || probability <= 0) return input.alias();
        using var scope = NewDisposeScope();
        var keep = torch.rand(input.shape, generator: generator()).ge(probability).to_type(input.dtype);
        return (input * keep / (1 - probability)).MoveToOuterDisposeScope();
    }
}

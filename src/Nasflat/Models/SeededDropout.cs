using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Models;

/// <summary>
/// Inverted dropout that draws its masks from a generator owned by the model instead of libtorch's global one, so a
/// model's training depends only on its own seeds, not on what else drew random numbers before.
/// </summary>
public sealed class SeededDropout(double probability, Func<Generator> generator) : nn.Module<Tensor, Tensor>(nameof(SeededDropout))
{
    public override Tensor forward(Tensor input)
    {
        // alias(): never hand the input itself back, since Sequential disposes what its children return.
        if (!training || probability <= 0) return input.alias();
        using var scope = NewDisposeScope();
        // Explicit, scoped scalars: a temporary one can be finalised by the GC during the native call.
        using var threshold = probability.ToScalar();
        using var rescale = (1 / (1 - probability)).ToScalar();
        var keep = torch.rand(input.shape, generator: generator()).ge(threshold).to_type(input.dtype);
        return (input * keep * rescale).MoveToOuterDisposeScope();
    }
}

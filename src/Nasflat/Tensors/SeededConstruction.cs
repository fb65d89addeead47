using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nasflat.Tensors;

/// <summary>
/// libtorch draws every module's default initial weights from one process-wide generator. A seeded construction is
/// reproducible only if nothing else draws from that generator meanwhile, so every construction that must be
/// reproducible either holds <see cref="GlobalGenerator"/> while it seeds and builds, or is re-drawn afterwards from a
/// generator it owns (<see cref="Build{T}"/>), which no other thread can touch.
/// </summary>
public static class SeededConstruction
{
    /// <summary>Held while the process-wide generator is seeded and drawn from.</summary>
    public static readonly Lock GlobalGenerator = new();

    /// <summary>Seeds the process-wide generator and builds, with nothing else drawing in between.</summary>
    public static T Seeded<T>(long seed, Func<T> build)
    {
        lock (GlobalGenerator)
        {
            torch.manual_seed(seed);
            return build();
        }
    }

    /// <summary>
    /// Builds something whose default draws do not matter (its weights are loaded or re-drawn afterwards, or only timed),
    /// holding the process-wide generator so that those draws cannot land between another construction's seeded ones.
    /// </summary>
    public static T Unseeded<T>(Func<T> build)
    {
        lock (GlobalGenerator) return build();
    }

    /// <summary>
    /// Builds a module whose linear and convolution weights depend only on <paramref name="seed"/>: they are drawn again,
    /// in module order, from libtorch's default law U(±1/√fan-in) (Kaiming-uniform with a = √5, and the same bound for
    /// biases). Normalisation layers keep their deterministic defaults.
    /// </summary>
    public static T Build<T>(long seed, Func<T> build) where T : nn.Module
    {
        T module;
        lock (GlobalGenerator) module = build(); // its default draws must not land between another Seeded's draws
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            var (weight, bias) = child switch
            {
                Linear linear => (linear.weight, linear.bias),
                Conv2d conv => (conv.weight, conv.bias),
                _ => (null, null),
            };
            if (weight is null) continue;
            long fanIn = weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            double bound = 1.0 / Math.Sqrt(fanIn);
            weight.uniform_(-bound, bound, generator);
            bias?.uniform_(-bound, bound, generator);
        }
        return module;
    }
}

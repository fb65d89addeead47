using static TorchSharp.torch;

namespace Nasflat.Proxies;

/// <summary>
/// The input batch zero-cost proxies are computed on. No image dataset is available offline, so the images are
/// standard-normal noise (what normalised CIFAR images look like to a network at initialisation: zero mean, unit
/// variance per channel) and the labels cycle through the classes so that every class has a similar number of
/// samples (epe_nas correlates samples within a class). Both follow from the seed alone.
/// </summary>
public sealed class ProxyBatch : IDisposable
{
    public Tensor Images { get; }
    public Tensor Labels { get; }
    public int Size { get; }
    public int Classes { get; }
    public long Seed { get; }

    /// <param name="imageShape">One image's shape, e.g. [3, 32, 32].</param>
    public ProxyBatch(int size, long[] imageShape, int classes, long seed)
    {
        if (size < 2) throw new NasflatException($"A proxy batch needs at least 2 images (got {size}): jacov and nwot compare samples.");
        Native.TorchRuntime.EnsureLoaded();
        Size = size;
        Classes = classes;
        Seed = seed;
        using var generator = new Generator((ulong)seed);
        Images = randn([size, .. imageShape], generator: generator);
        var labels = Enumerable.Range(0, size).Select(i => (long)(i % classes)).ToArray();
        // Shuffle with the same seed so the batch order carries no class pattern.
        var random = new Random(unchecked((int)seed));
        random.Shuffle(labels);
        Labels = tensor(labels);
    }

    /// <summary>A short description for cache signatures and reports.</summary>
    public string Describe() => $"noise-batch{Size}-classes{Classes}-seed{Seed}";

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

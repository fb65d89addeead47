using System.Globalization;

namespace Nasflat.Proxies;

/// <summary>
/// How NB201 proxies are computed: the input batch (size and seed) and the seed every network is initialised from
/// (the same for every cell, so that cells differ only by their architecture). CIFAR-10 networks (10 classes, 32×32).
/// </summary>
public sealed record ProxySettings(int BatchSize = 16, long InputSeed = 1, long InitSeed = 0)
{
    /// <summary>Bumped whenever the computation changes, so stale caches are never read as current.</summary>
    public const int Version = 2; // 2: weights drawn from an owned generator

    public ProxyBatch CreateBatch() => new(BatchSize, [3, 32, 32], 10, InputSeed);

    /// <summary>Names the cache file and heads every journal.</summary>
    public string Signature => string.Create(CultureInfo.InvariantCulture,
        $"nasflat-proxies v{Version} nb201 cifar10 noise-batch{BatchSize} input-seed{InputSeed} init-seed{InitSeed}");

    public string FileStem => string.Create(CultureInfo.InvariantCulture, $"nb201-cifar10-b{BatchSize}-in{InputSeed}-init{InitSeed}.v{Version}");
}

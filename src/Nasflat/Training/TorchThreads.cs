using TorchSharp;

namespace Nasflat.Training;

/// <summary>
/// Splits the machine's cores between concurrent workers: with n workers each torch op gets cores / n threads.
/// Two single-threaded workers on 2 cores beat one two-threaded worker for these small graph batches, whose ops
/// parallelise poorly, and they do not oversubscribe OpenMP (spinning threads fighting for the same cores).
/// </summary>
public static class TorchThreads
{
    private static readonly Lazy<int> Total = new(() =>
    {
        Native.TorchRuntime.EnsureLoaded();
        return torch.get_num_threads();
    });

    /// <summary>The intra-op threads libtorch chose for the whole process (one per core by default).</summary>
    public static int Available => Total.Value;

    /// <summary>
    /// Gives the calling worker its share of the threads. OpenMP keeps the setting per thread, so every worker calls
    /// this on its own thread; the value is the same for all of them, so it is also right where it is global.
    /// </summary>
    public static void UseShare(int workers) => torch.set_num_threads(Math.Max(1, Available / Math.Max(1, workers)));

    /// <summary>Restores the full thread count on the calling thread.</summary>
    public static void UseAll() => torch.set_num_threads(Available);
}

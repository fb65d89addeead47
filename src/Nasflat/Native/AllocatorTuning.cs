using System.Runtime.InteropServices;

namespace Nasflat.Native;

/// <summary>
/// Keeps glibc's allocator from returning tensor buffers to the kernel between operations.
/// </summary>
/// <remarks>
/// libtorch allocates every intermediate tensor with malloc. The predictor's intermediates are 0.5–4 MiB, right
/// around glibc's adaptive mmap threshold, so depending on the order of the first frees a process either reuses heap
/// memory or maps, page-faults, zeroes and unmaps fresh pages for every tensor. Both happened on this project's
/// 2-core VM: whole-space NB201 scoring took ~300 ms in some processes and ~600 ms in others, with the kernel's
/// page clearing the top symbol of the slow ones. Fixing the thresholds (mmap only above 256 MiB, trim only above
/// 512 MiB of free heap) makes every process take the fast path. A process holds on to at most that much freed
/// memory. Only glibc is tuned; on other C libraries this does nothing.
/// </remarks>
public static class AllocatorTuning
{
    private const int TrimThreshold = -1;   // M_TRIM_THRESHOLD
    private const int TopPad = -2;          // M_TOP_PAD
    private const int MmapThreshold = -3;   // M_MMAP_THRESHOLD

    /// <summary>Whether the thresholds were set in this process.</summary>
    public static bool Applied { get; private set; }

    /// <summary>Sets the thresholds once, unless NASFLAT_MALLOC_TUNING=0.</summary>
    public static void Apply()
    {
        if (Applied || !OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("NASFLAT_MALLOC_TUNING") == "0") return;
        try
        {
            Applied = mallopt(MmapThreshold, 256 << 20) == 1
                & mallopt(TrimThreshold, 512 << 20) == 1
                & mallopt(TopPad, 64 << 20) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Applied = false; // not glibc
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}

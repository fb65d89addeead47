namespace Nasflat.Native;

/// <summary>What the processor offers that changes which code path is fastest.</summary>
public static class CpuFeatures
{
    /// <summary>
    /// True when the CPU multiplies bfloat16 matrices in hardware (AVX-512 BF16 or AMX-BF16). Without it libtorch
    /// emulates bfloat16 products, which is slower than float32, so the presets only choose bfloat16 when this holds.
    /// Read from /proc/cpuinfo; false where that file does not exist.
    /// </summary>
    public static bool FastBFloat16 { get; } = Detect();

    private static bool Detect()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return false;
        try
        {
            var flags = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
            if (flags is null) return false;
            var set = flags[(flags.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            return set.Contains("avx512_bf16") || set.Contains("amx_bf16");
        }
        catch (IOException)
        {
            return false;
        }
    }
}

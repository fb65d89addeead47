namespace Nasflat.Native;

/// <summary>
/// What the processor offers that changes which code path is fastest, as libtorch will use it: the CPU's flags from
/// <c>/proc/cpuinfo</c>, limited by the switches with which libtorch's kernels can be held to a lower instruction set
/// (<c>ATEN_CPU_CAPABILITY</c> for ATen, <c>ONEDNN_MAX_CPU_ISA</c> for oneDNN). Those switches make a machine with
/// AVX-512 BF16 behave like the AVX2-only CPUs most users have, which is how CI tests that path.
/// </summary>
/// <param name="Model">The CPU's model name.</param>
/// <param name="Avx2">The CPU has AVX2.</param>
/// <param name="Avx512">The CPU has AVX-512 (foundation) and libtorch may use it.</param>
/// <param name="Avx512BFloat16">The CPU has AVX-512 BF16 and libtorch may use it.</param>
/// <param name="AmxBFloat16">The CPU has AMX-BF16 tiles and libtorch may use them.</param>
/// <param name="Limit">The instruction-set limit set in the environment, e.g. "ONEDNN_MAX_CPU_ISA=AVX2", or null.</param>
public sealed record CpuFeatures(string Model, bool Avx2, bool Avx512, bool Avx512BFloat16, bool AmxBFloat16, string? Limit)
{
    private const string CpuInfo = "/proc/cpuinfo";

    /// <summary>This process's CPU, read once.</summary>
    public static CpuFeatures Current { get; } = Read(File.Exists(CpuInfo) ? SafeLines(CpuInfo) : [], Environment.GetEnvironmentVariable);

    /// <summary>
    /// True when bfloat16 matrices are multiplied in hardware (AVX-512 BF16 or AMX-BF16). Without it libtorch emulates
    /// bfloat16 products, which is many times slower than float32, so bfloat16 is only chosen where this holds.
    /// </summary>
    public bool FastBFloat16 => Avx512BFloat16 || AmxBFloat16;

    /// <summary>The features in words for reports, e.g. "AVX2, AVX-512, AVX-512 BF16, AMX-BF16".</summary>
    public string Summary
    {
        get
        {
            var names = new List<string>();
            if (Avx2) names.Add("AVX2");
            if (Avx512) names.Add("AVX-512");
            if (Avx512BFloat16) names.Add("AVX-512 BF16");
            if (AmxBFloat16) names.Add("AMX-BF16");
            string features = names.Count == 0 ? "no AVX2" : string.Join(", ", names);
            return Limit is null ? features : $"{features} (limited by {Limit})";
        }
    }

    /// <param name="cpuInfo">The lines of /proc/cpuinfo (only the first processor's are read).</param>
    /// <param name="environment">Reads an environment variable (injectable for tests).</param>
    internal static CpuFeatures Read(IEnumerable<string> cpuInfo, Func<string, string?> environment)
    {
        string model = "unknown";
        var flags = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in cpuInfo)
        {
            if (line.StartsWith("model name", StringComparison.Ordinal) && model == "unknown") model = line.Split(':', 2)[1].Trim();
            if (!line.StartsWith("flags", StringComparison.Ordinal)) continue;
            flags.UnionWith(line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            break;
        }

        // ATEN_CPU_CAPABILITY=avx2 (or default) keeps ATen's own kernels below AVX-512; oneDNN's limit names the
        // highest instruction set it may use, and only the AVX-512 BF16 and AMX levels multiply bfloat16 natively.
        string? aten = environment("ATEN_CPU_CAPABILITY")?.Trim().ToLowerInvariant();
        string? onednn = (environment("ONEDNN_MAX_CPU_ISA") ?? environment("DNNL_MAX_CPU_ISA"))?.Trim().ToUpperInvariant();
        bool atenBelow512 = aten is "avx2" or "default";
        bool onednnAll = string.IsNullOrEmpty(onednn) || onednn == "ALL";
        bool onednn512 = onednnAll || onednn!.StartsWith("AVX512", StringComparison.Ordinal) || onednn.StartsWith("AVX10", StringComparison.Ordinal);
        bool onednnBf16 = onednnAll || onednn!.Contains("BF16", StringComparison.Ordinal) || onednn.Contains("AMX", StringComparison.Ordinal)
            || onednn.Contains("FP16", StringComparison.Ordinal) || onednn.StartsWith("AVX10", StringComparison.Ordinal);
        var limits = new List<string>();
        if (!string.IsNullOrEmpty(aten)) limits.Add($"ATEN_CPU_CAPABILITY={aten}");
        if (!onednnAll) limits.Add($"ONEDNN_MAX_CPU_ISA={onednn}");

        bool avx512 = flags.Contains("avx512f") && onednn512 && !atenBelow512;
        return new CpuFeatures(model,
            Avx2: flags.Contains("avx2"),
            Avx512: avx512,
            Avx512BFloat16: avx512 && flags.Contains("avx512_bf16") && onednnBf16,
            AmxBFloat16: flags.Contains("amx_bf16") && onednnBf16 && !atenBelow512,
            Limit: limits.Count == 0 ? null : string.Join(", ", limits));
    }

    private static IEnumerable<string> SafeLines(string path)
    {
        try
        {
            return File.ReadLines(path).TakeWhile(l => l.Length > 0).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }
}

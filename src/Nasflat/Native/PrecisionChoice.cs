namespace Nasflat.Native;

/// <summary>
/// The arithmetic this run trains and scores in, chosen at one place: <c>NASFLAT_PRECISION</c> (<c>auto</c>, the
/// default; <c>float32</c>; <c>bfloat16</c>). <c>auto</c> takes bfloat16 only on CPUs that multiply it in hardware
/// (<see cref="CpuFeatures.FastBFloat16"/>), so the same command runs float32 on most users' AVX2 machines and
/// bfloat16 on AVX-512 BF16/AMX servers; <c>float32</c> makes any machine take the path AVX2 machines take.
/// Explicit options (<c>--training-precision</c>, <c>--inference-precision</c>) still override it.
/// </summary>
/// <param name="BFloat16">Train in bfloat16 mixed precision and score in bfloat16.</param>
/// <param name="Reason">Why, in words, e.g. "float32 (NASFLAT_PRECISION=float32)".</param>
public sealed record PrecisionChoice(bool BFloat16, string Reason)
{
    public const string EnvironmentVariable = "NASFLAT_PRECISION";

    /// <summary>This process's choice, from its environment and CPU.</summary>
    public static PrecisionChoice Current => Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable), CpuFeatures.Current);

    /// <summary>"bfloat16" or "float32".</summary>
    public string Name => BFloat16 ? "bfloat16" : "float32";

    internal static PrecisionChoice Resolve(string? setting, CpuFeatures cpu)
    {
        switch (setting?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return cpu.FastBFloat16
                    ? new PrecisionChoice(true, "bfloat16 (auto: the CPU multiplies bfloat16 in hardware)")
                    : new PrecisionChoice(false, "float32 (auto: the CPU has no AVX-512 BF16 or AMX-BF16)");
            case "float32":
                return new PrecisionChoice(false, $"float32 ({EnvironmentVariable}=float32)");
            case "bfloat16":
                return new PrecisionChoice(true, cpu.FastBFloat16
                    ? $"bfloat16 ({EnvironmentVariable}=bfloat16)"
                    : $"bfloat16 ({EnvironmentVariable}=bfloat16; emulated on this CPU, expect it to be much slower than float32)");
            default:
                throw new NasflatException(
                    $"{EnvironmentVariable} is '{setting}'; use auto (bfloat16 where the CPU has it in hardware), float32 or bfloat16, or unset it.");
        }
    }
}

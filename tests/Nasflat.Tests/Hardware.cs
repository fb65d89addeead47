using System.Runtime.CompilerServices;
using Nasflat.Native;

namespace Nasflat.Tests;

/// <summary>
/// A fact about the bfloat16 path, which runs only where the CPU multiplies bfloat16 in hardware (AVX-512 BF16 or
/// AMX-BF16) and libtorch may use it. Elsewhere it is skipped, and the skip names the CPU and the reason in the test's
/// display name, so the plain <c>dotnet test</c> output says why (the runner prints skip reasons only in detailed
/// output). A bfloat16 test on a CPU that emulates bfloat16 would run for tens of minutes and test nothing a user of
/// that CPU meets: the presets choose float32 there, and the float32 path is tested everywhere.
/// </summary>
internal sealed class BFloat16FactAttribute : FactAttribute
{
    public BFloat16FactAttribute([CallerMemberName] string test = "")
    {
        var cpu = CpuFeatures.Current;
        if (cpu.FastBFloat16) return;
        Skip = $"this CPU ({cpu.Model}: {cpu.Summary}) has no hardware bfloat16 that libtorch may use; the bfloat16 path is only chosen, and tested, on CPUs that have it";
        DisplayName = $"{test} (skipped: no hardware bfloat16 on this CPU: {cpu.Summary})";
    }
}

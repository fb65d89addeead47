using System.Runtime.InteropServices;

namespace Nasflat.Native;

/// <summary>
/// Makes libtorch's float32 matrix products give the same bits in every process: MKL, which libtorch uses for them,
/// otherwise picks kernels by the alignment of the buffers it is given, and buffers land differently depending on
/// what a process allocated before. HELP's meta-learning showed it: two identical runs of the same trial differed in
/// the seventh digit of ρ (measured 2026-12-03, nb201:ND, 0.65223075 vs 0.65223049). Conditional numerical
/// reproducibility (<c>MKL_CBWR=AUTO,STRICT</c>: the fastest kernels for this CPU, chosen independently of alignment)
/// removes that, at no measurable cost on the benchmark. A value the user set is kept.
/// </summary>
public static class NumericalReproducibility
{
    public const string Variable = "MKL_CBWR";
    public const string Setting = "AUTO,STRICT";

    /// <summary>Sets MKL_CBWR in the native environment (MKL reads it there, at its first call) unless it is set already.</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is { Length: > 0 }) return;
        try
        {
            // .NET's Environment.SetEnvironmentVariable changes only the managed copy on Unix; MKL reads the C library's.
            if (setenv(Variable, Setting, 0) == 0) Environment.SetEnvironmentVariable(Variable, Setting);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // No C library entry point: leave MKL's default.
        }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(string name, string value, int overwrite);
}

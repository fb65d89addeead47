using System.Runtime.InteropServices;
using Nasflat.Native;

namespace Nasflat.Native;

/// <summary>
/// Where and when a run happened, recorded next to its results: timings mean little without the CPU's features
/// (a bfloat16 run on an AVX-512 BF16 server and a float32 run on an AVX2 laptop differ several-fold) and the
/// precision the run chose.
/// </summary>
/// <param name="CpuFeatures">The features that decide the fast path (<see cref="Native.CpuFeatures.Summary"/>); empty in runs recorded before it was.</param>
/// <param name="Precision">The run's precision and why (<see cref="PrecisionChoice.Reason"/>); empty in runs recorded before it was.</param>
public sealed record RunEnvironment(string Machine, string Cpu, int Cores, int TorchThreads, string Runtime, string Os, string TorchSharp,
    DateTimeOffset Started, string CommandLine, string CpuFeatures = "", string Precision = "")
{
    /// <param name="precision">What the run computes in, when the command does not follow the environment's choice.</param>
    public static RunEnvironment Capture(string commandLine, string? precision = null)
    {
        TorchRuntime.EnsureLoaded();
        var cpu = Native.CpuFeatures.Current;
        return new RunEnvironment(
            Environment.MachineName, cpu.Model == "unknown" ? RuntimeInformation.ProcessArchitecture.ToString() : cpu.Model,
            Environment.ProcessorCount, global::TorchSharp.torch.get_num_threads(),
            RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription,
            typeof(global::TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
            DateTimeOffset.UtcNow, commandLine, cpu.Summary, precision ?? PrecisionChoice.Current.Reason);
    }

    /// <summary>One line for reports: "AMD EPYC … (2 cores, 2 torch threads; AVX2; float32 (auto: …))".</summary>
    public string Describe()
    {
        string features = string.IsNullOrEmpty(CpuFeatures) ? "" : $"; {CpuFeatures}";
        string precision = string.IsNullOrEmpty(Precision) ? "" : $"; {Precision}";
        return $"{Cpu} ({Cores} cores, {TorchThreads} torch threads{features}{precision})";
    }
}

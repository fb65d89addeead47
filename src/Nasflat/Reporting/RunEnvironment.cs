using System.Runtime.InteropServices;

namespace Nasflat.Reporting;

/// <summary>Where and when a run happened, recorded next to its results.</summary>
public sealed record RunEnvironment(string Machine, string Cpu, int Cores, int TorchThreads, string Runtime, string Os, string TorchSharp, DateTimeOffset Started, string CommandLine)
{
    public static RunEnvironment Capture(string commandLine)
    {
        Native.TorchRuntime.EnsureLoaded();
        return new RunEnvironment(
            Environment.MachineName, CpuModel(), Environment.ProcessorCount, global::TorchSharp.torch.get_num_threads(),
            RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription,
            typeof(global::TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
            DateTimeOffset.UtcNow, commandLine);
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}

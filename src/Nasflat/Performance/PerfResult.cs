namespace Nasflat.Performance;

/// <summary>Repeated timings of one operation, summarised by the median.</summary>
public sealed record Timing(string Name, IReadOnlyList<double> Seconds, double WorkPerRun, string WorkUnit, double FlopsPerRun)
{
    public double MedianSeconds => Nasflat.Evaluation.Statistics.Median(Seconds);

    /// <summary>Work units (graphs, epochs…) per second at the median.</summary>
    public double Throughput => WorkPerRun / MedianSeconds;

    /// <summary>Achieved GFLOP/s at the median (matrix-product FLOPs only); 0 when not counted.</summary>
    public double GigaflopsPerSecond => FlopsPerRun / MedianSeconds / 1e9;
}

/// <summary>The timings of one space and one configuration variant; Precision is "float32" or "bfloat16".</summary>
public sealed record PerfSection(string Space, string Task, string Variant, IReadOnlyList<Timing> Timings, string Precision = "float32");

/// <summary>
/// A whole perf run: the machine's practical peaks (dense matrix products in float32 and, where the CPU multiplies
/// bfloat16 in hardware, in bfloat16; 0 where it was not measured), every section, the peak memory, and what the
/// timings ran on (<see cref="Nasflat.Native.RunEnvironment"/>: CPU, its features and the run's precision).
/// </summary>
public sealed record PerfReport(double PeakGigaflops, IReadOnlyList<PerfSection> Sections, long PeakMemoryBytes, int Threads, double PeakGigaflopsBFloat16 = 0,
    Nasflat.Native.RunEnvironment? Environment = null)
{
    /// <summary>The practical peak a section is compared with: the matrix product in the section's precision.</summary>
    public double PeakFor(PerfSection section) => section.Precision == "bfloat16" && PeakGigaflopsBFloat16 > 0 ? PeakGigaflopsBFloat16 : PeakGigaflops;
}

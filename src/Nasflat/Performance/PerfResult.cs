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

/// <summary>The timings of one space and one configuration variant.</summary>
public sealed record PerfSection(string Space, string Task, string Variant, IReadOnlyList<Timing> Timings);

/// <summary>A whole perf run: the machine's practical peak, every section, the peak memory.</summary>
public sealed record PerfReport(double PeakGigaflops, IReadOnlyList<PerfSection> Sections, long PeakMemoryBytes, int Threads);

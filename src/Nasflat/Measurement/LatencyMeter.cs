using Nasflat.Evaluation;
using System.Diagnostics;
using Nasflat.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Measurement;

/// <summary>One architecture's measurement: the median of each pass and the final value (median of the pass medians).</summary>
public sealed record ArchitectureTiming(int Index, IReadOnlyList<double> PassMediansMs, double LatencyMs, bool Converged)
{
    /// <summary>(max − min) / median of the pass medians.</summary>
    public double Spread => PassMediansMs.Count < 2 ? 0 : (PassMediansMs.Max() - PassMediansMs.Min()) / LatencyMs;
}

/// <summary>Progress of a measurement: architecture-passes done out of the planned total (which grows with re-measurements).</summary>
public readonly record struct MeasurementProgress(int Done, int Total, int Pass);

/// <summary>
/// Times real networks on this machine. Protocol (docs/measurement.md): every pass visits the architectures in a
/// new shuffled order, builds each network, runs untimed warm-up passes, then times single forward passes and keeps
/// their median; after the planned passes, architectures whose pass medians disagree by more than the tolerance are
/// measured again in further interleaved passes, up to the maximum; the reported latency is the median of the pass
/// medians. Each finished pass median is journalled, so an interrupted run resumes.
/// </summary>
public sealed class LatencyMeter(SpaceData data, MeasurementOptions options)
{
    public IReadOnlyList<ArchitectureTiming> Measure(IReadOnlyList<int> architectures, string journalPath,
        IProgress<MeasurementProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        foreach (int a in architectures)
            if (a < 0 || a >= data.ArchitectureCount) throw new NasflatException($"Architecture index {a} is outside 0..{data.ArchitectureCount - 1}.");
        if (architectures.Count == 0) throw new NasflatException("No architectures to measure; give at least one.");
        if (architectures.GroupBy(a => a).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new NasflatException($"Architecture {twice.Key} is listed twice; list each once.");
        Native.TorchRuntime.EnsureLoaded();
        int previousThreads = torch.get_num_threads();
        torch.set_num_threads(options.Threads);
        try
        {
            using var journal = new MeasurementJournal(journalPath, Signature());
            var random = new Random(options.Seed);
            int done = architectures.Sum(a => journal.Passes.GetValueOrDefault(a)?.Count ?? 0);
            for (int pass = 1; pass <= options.MaxPasses; pass++)
            {
                var due = architectures.Where(a => Needs(journal.Passes.GetValueOrDefault(a), pass)).ToArray();
                random.Shuffle(due); // a new order every pass, so slow drifts of the machine spread over all architectures
                if (due.Length == 0) continue;
                int total = done + due.Length;
                foreach (int index in due)
                {
                    cancellation.ThrowIfCancellationRequested();
                    journal.Record(index, TimeOnce(index));
                    progress?.Report(new MeasurementProgress(++done, total, pass));
                }
            }
            return architectures.Select(a => Summarise(a, journal.Passes[a])).ToList();
        }
        finally
        {
            torch.set_num_threads(previousThreads);
        }
    }

    /// <summary>Every architecture of a journal that finished its planned passes, summarised.</summary>
    public IReadOnlyList<ArchitectureTiming> Completed(string journalPath) =>
        MeasurementJournal.Read(journalPath, Signature())
            .Where(kv => kv.Value.Count >= options.Passes)
            .OrderBy(kv => kv.Key)
            .Select(kv => Summarise(kv.Key, kv.Value))
            .ToList();

    /// <summary>Whether an architecture with these pass medians needs pass number <paramref name="pass"/>.</summary>
    private bool Needs(List<double>? passes, int pass)
    {
        int count = passes?.Count ?? 0;
        if (count >= pass) return false;                 // already measured in this pass (resumed run)
        if (pass <= options.Passes) return true;         // the planned passes
        return !Agrees(passes!);                         // re-measure only where the passes disagree
    }

    private bool Agrees(List<double> passes)
    {
        double median = Statistics.Median(passes);
        return (passes.Max() - passes.Min()) / median <= options.Tolerance;
    }

    private ArchitectureTiming Summarise(int index, List<double> passes) => new(index, passes.ToList(), Statistics.Median(passes), Agrees(passes));

    private double TimeOnce(int index)
    {
        var (network, shape) = BenchmarkNetworks.Build(data, index, options);
        using (network)
        using (torch.no_grad())
        using (var generator = new Generator(1)) // its own: a draw from the global one could land inside a seeded construction
        using (var input = torch.randn(shape, generator: generator))
        {
            for (int i = 0; i < options.Warmup; i++) network.call(input).Dispose();
            var times = new double[options.Repetitions];
            for (int i = 0; i < times.Length; i++)
            {
                long start = Stopwatch.GetTimestamp();
                network.call(input).Dispose();
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            return Statistics.Median(times);
        }
    }

    private string Signature() =>
        $"# nasflat-measure v1 space={data.Space} batch={options.Batch} threads={options.Threads} resolution={options.Resolution?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"} " +
        $"warmup={options.Warmup} repetitions={options.Repetitions} passes={options.Passes} max-passes={options.MaxPasses} tolerance={options.Tolerance.ToString(System.Globalization.CultureInfo.InvariantCulture)} seed={options.Seed}";
}

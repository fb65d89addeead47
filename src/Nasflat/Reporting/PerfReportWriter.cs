using System.Globalization;
using System.Text.Json;
using Nasflat.IO;
using Nasflat.Performance;

namespace Nasflat.Reporting;

/// <summary>
/// The rows of a perf run (one per task, variant and operation, with each variant's speed-up over the reference
/// one) and its files: <c>perf.md</c> and <c>perf.json</c>, written atomically.
/// </summary>
public static class PerfReportWriter
{
    public static readonly string[] Header = ["task", "variant", "precision", "operation", "median", "throughput", "GFLOP/s", "ratio to peak", "speed-up vs reference"];

    public static IEnumerable<string[]> Rows(PerfReport report)
    {
        var invariant = CultureInfo.InvariantCulture;
        foreach (var section in report.Sections)
        {
            var reference = report.Sections.FirstOrDefault(s => s.Task == section.Task && s.Variant == PerfVariant.Reference.Name);
            foreach (var timing in section.Timings)
            {
                var before = section.Variant != PerfVariant.Reference.Name ? reference?.Timings.FirstOrDefault(t => t.Name == timing.Name) : null;
                yield return
                [
                    section.Task, section.Variant, section.Precision, timing.Name,
                    string.Format(invariant, "{0:0.0} ms", timing.MedianSeconds * 1000),
                    string.Format(invariant, "{0:0} {1}/s", timing.Throughput, timing.WorkUnit),
                    timing.FlopsPerRun > 0 ? timing.GigaflopsPerSecond.ToString("0.0", invariant) : "-",
                    timing.FlopsPerRun > 0 ? (timing.GigaflopsPerSecond / report.PeakFor(section)).ToString("0.00", invariant) : "-",
                    before is null ? "-" : (before.MedianSeconds / timing.MedianSeconds).ToString("0.00", invariant) + "×",
                ];
            }
        }
    }

    public static string Markdown(PerfReport report)
    {
        var table = new MarkdownTable(Header);
        foreach (var row in Rows(report)) table.Add(row);
        var invariant = CultureInfo.InvariantCulture;
        string machine = report.Environment is { } env ? $"Run {env.Started:yyyy-MM-dd HH:mm} UTC on {env.Describe()}.\n\n" : "";
        string bfloat16 = report.PeakGigaflopsBFloat16 > 0
            ? string.Format(invariant, "**{0:0} GFLOP/s** in bfloat16", report.PeakGigaflopsBFloat16)
            : "bfloat16 not measured (this CPU emulates it)";
        return string.Format(invariant,
            "# Nasflat perf\n\n{0}Dense matmul (2048², {1} threads): **{2:0} GFLOP/s** in float32, {3} (the practical " +
            "peaks; each row's ratio uses the peak of its precision). Medians over repetitions; " +
            "GFLOP/s counts matrix products only (PredictorCost).\n\n{4}\nPeak memory (working set): {5:0} MiB\n",
            machine, report.Threads, report.PeakGigaflops, bfloat16, table, report.PeakMemoryBytes / 1024.0 / 1024);
    }

    /// <summary>Writes <c>perf.md</c> and <c>perf.json</c> into the folder; returns the Markdown file's path.</summary>
    public static string Write(PerfReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, "perf.json"), JsonSerializer.Serialize(report, BenchmarkReport.Json));
        string markdown = Path.Combine(folder, "perf.md");
        AtomicFile.WriteAllText(markdown, Markdown(report));
        return markdown;
    }
}

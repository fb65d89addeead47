using Nasflat.Models;
using Nasflat.Performance;
using Nasflat.Reporting;
using Nasflat.Tasks;
using static TorchSharp.torch;

namespace Nasflat.Tests.Performance;

public class PerfTests
{
    [Fact]
    public void CostCountsWhatTheImplementationSavesPerGraph()
    {
        var options = new PredictorOptions();
        long optimised = PredictorCost.ForwardMacsPerGraph(options, 8);
        long reference = PredictorCost.ForwardMacsPerGraph(options, 8, sharedFirstLayer: false);
        // node projection 8·48·96; per pass the first layer's two projections 2·8·96·128 and GAT logits 8·8·128;
        // the per-node context projection of the operation update for the 7 other nodes 7·128·128.
        Assert.Equal(8 * 48 * 96 + 2 * (2 * 8 * 96 * 128 + 8 * 8 * 128) + 7 * 128 * 128, reference - optimised);
        Assert.True(PredictorCost.ForwardMacsPerGraph(options, 22) > 2 * optimised);
        Assert.True(PredictorCost.ForwardMacsPerGraph(options with { Gnn = GnnType.Dense }, 8) < optimised);
    }

    [Fact]
    public void PerfRunnerTimesEveryHotPath()
    {
        var runner = new PerfRunner(SharedData.Open(), repetitions: 2, epochs: 3);
        var section = runner.Measure(TaskCatalog.Find("nb201:ND"), PerfVariant.Optimised);
        Assert.Equal(["pretraining epoch", "fine-tuning epoch (k=20)", "evaluation of all 15625 architectures", "forward, batch 128 (train mode)", "backward, batch 128"],
            section.Timings.Select(t => t.Name));
        Assert.All(section.Timings, t => Assert.True(t.MedianSeconds > 0 && t.GigaflopsPerSecond > 0, t.Name));
        Assert.Equal(144, section.Timings[0].WorkPerRun); // 16 architectures on 9 source devices
        Assert.True(PerfRunner.MeasurePeakGigaflops(size: 256, repetitions: 3) > 1);
    }

    [BFloat16Fact]
    public void BFloat16PeakIsMeasuredWhereTheCpuHasItInHardware()
    {
        // 1 GFLOP/s is far below any hardware bfloat16 product and far above nothing: it catches a broken measurement.
        Assert.True(PerfRunner.MeasurePeakGigaflops(ScalarType.BFloat16, 256, 3) > 1);
    }

    [Fact]
    public void MedianOfEvenAndOddCounts()
    {
        Assert.Equal(2.0, new Timing("t", [3, 1, 2], 1, "x", 0).MedianSeconds);
        Assert.Equal(2.5, new Timing("t", [4, 1, 2, 3], 1, "x", 0).MedianSeconds);
    }

    [Fact]
    public void ReportShowsTheSpeedUpOverTheReferenceAndIsWrittenToBothFiles()
    {
        var report = new PerfReport(200,
        [
            new PerfSection("Nb201", "nb201:ND", "optimised", [new Timing("epoch", [0.1, 0.1, 0.1], 100, "graphs", 5e9)], "bfloat16"),
            new PerfSection("Nb201", "nb201:ND", "float32", [new Timing("epoch", [0.25, 0.25, 0.25], 100, "graphs", 5e9)]),
            new PerfSection("Nb201", "nb201:ND", "reference", [new Timing("epoch", [0.4, 0.4, 0.4], 100, "graphs", 5e9)]),
        ], 64L << 20, 2, PeakGigaflopsBFloat16: 500);
        var rows = PerfReportWriter.Rows(report).ToList();
        // Each row's ratio uses the peak of its own precision: 50 of 500 for bfloat16, 20 of 200 for float32.
        Assert.Equal(["nb201:ND", "optimised", "bfloat16", "epoch", "100.0 ms", "1000 graphs/s", "50.0", "0.10", "4.00×"], rows[0]);
        Assert.Equal(["nb201:ND", "float32", "float32", "epoch", "250.0 ms", "400 graphs/s", "20.0", "0.10", "1.60×"], rows[1]);
        Assert.Equal("-", rows[2][^1]);

        using var temp = new TempDirectory();
        string markdown = PerfReportWriter.Write(report, System.IO.Path.Combine(temp.Path, "perf"));
        Assert.Contains("**200 GFLOP/s** in float32, **500 GFLOP/s** in bfloat16", File.ReadAllText(markdown));
        Assert.Contains("Peak memory (working set): 64 MiB", File.ReadAllText(markdown));
        Assert.True(File.Exists(System.IO.Path.Combine(temp.Path, "perf", "perf.json")));
    }
}

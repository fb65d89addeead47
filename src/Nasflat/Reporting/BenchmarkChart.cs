using Nasflat.Experiments;
using Nasflat.IO;
using ScottPlot;

namespace Nasflat.Reporting;

/// <summary>Grouped bars per task: our ρ next to the paper's NASFLAT, HELP and MultiPredict numbers.</summary>
public static class BenchmarkChart
{
    public static void Write(string path, BenchmarkRun run, PaperReference paper)
    {
        var rows = run.Tasks.Where(t => t.Method == Baselines.FewShotMethods.Nasflat).SelectMany(t => t.Result.Ks.Select(k => (Run: t, K: k))).ToList();
        if (rows.Count == 0)
        {
            // Baselines only: there is no NASFLAT run to set against the paper, so show the methods instead.
            MethodComparison.WriteChart(path, run);
            return;
        }
        var series = new (string Label, Color Color, Func<(BenchmarkTaskRun Run, int K), double?> Value)[]
        {
            ("Nasflat (ours)", Colors.DarkOrange, r => r.Run.Result.Spearman(r.K).Mean),
            ("NASFLAT (paper)", Colors.SteelBlue, r => paper.Task(r.Run.Task.Id, "NASFLAT")?.Mean),
            ("HELP (paper)", Colors.Gray, r => paper.Task(r.Run.Task.Id, "HELP")?.Mean),
            ("MultiPredict (paper)", Colors.SeaGreen, r => paper.Task(r.Run.Task.Id, "MultiPredict")?.Mean),
        };
        var plot = new Plot();
        double width = 0.8 / series.Length;
        for (int s = 0; s < series.Length; s++)
        {
            var bars = new List<Bar>();
            for (int i = 0; i < rows.Count; i++)
                if (series[s].Value(rows[i]) is { } value)
                    bars.Add(new Bar { Position = i + (s - (series.Length - 1) / 2.0) * width, Value = value, FillColor = series[s].Color, Size = width });
            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = series[s].Label;
        }
        var ticks = rows.Select((r, i) => new Tick(i, r.Run.Result.Ks.Count > 1 ? $"{r.Run.Task.Id}\nk={r.K}" : r.Run.Task.Id)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = rows.Count > 6 ? 45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = rows.Count > 6 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        plot.Axes.SetLimitsY(0, 1.05);
        plot.YLabel("Spearman ρ (k = 20 unless noted)");
        plot.Title("Few-shot latency prediction: Nasflat vs the paper");
        plot.ShowLegend(Alignment.LowerLeft);
        int pixelsWide = Math.Max(640, 110 * rows.Count + 160);
        AtomicFile.Write(path, temp => plot.SavePng(temp, pixelsWide, 480));
    }
}

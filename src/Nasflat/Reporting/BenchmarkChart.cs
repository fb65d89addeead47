using Nasflat.Experiments;
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
        GroupedBarChart.Series Of(string label, Color color, Func<(BenchmarkTaskRun Run, int K), double?> value) =>
            new(label, color, rows.Select(value).ToList());
        var series = new[]
        {
            Of("Nasflat (ours)", Colors.DarkOrange, r => r.Run.Result.Spearman(r.K).Mean),
            Of("NASFLAT (paper)", Colors.SteelBlue, r => paper.Task(r.Run.Task.Id, "NASFLAT")?.Mean),
            Of("HELP (paper)", Colors.Gray, r => paper.Task(r.Run.Task.Id, "HELP")?.Mean),
            Of("MultiPredict (paper)", Colors.SeaGreen, r => paper.Task(r.Run.Task.Id, "MultiPredict")?.Mean),
        };
        var labels = rows.Select(r => r.Run.Result.Ks.Count > 1 ? $"{r.Run.Task.Id}\nk={r.K}" : r.Run.Task.Id).ToList();
        GroupedBarChart.Write(path, labels, series, "Spearman ρ (k = 20 unless noted)", "Few-shot latency prediction: Nasflat vs the paper",
            Alignment.LowerLeft, 110);
    }
}

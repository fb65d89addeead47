using Nasflat.Experiments;
using ScottPlot;

namespace Nasflat.Reporting;

/// <summary>
/// Grouped bars, one group per task and k (every group labelled with its k): ρ of every method of the run, and the
/// paper's NASFLAT, HELP and MultiPredict numbers in the groups whose k the paper measured.
/// </summary>
public static class BenchmarkChart
{
    public static void Write(string path, BenchmarkRun run, PaperReference paper)
    {
        var rows = TaskRow.Of(run, paper);
        var groups = rows.Select(r => (r.Task, r.K)).Distinct().ToList();
        var methods = rows.Select(r => r.Method).Distinct().ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var series = methods.Select((m, i) => new GroupedBarChart.Series(methods.Count == 1 ? $"{m} (ours)" : m,
            methods.Count == 1 ? Colors.DarkOrange : palette.GetColor(i),
            groups.Select(g => rows.FirstOrDefault(r => r.Task == g.Task && r.K == g.K && r.Method == m) is { } row ? Math.Max(0, row.Spearman.Mean) : (double?)null).ToList()))
            .ToList();
        GroupedBarChart.Series Paper(string method, string label, Color color) => new(label, color,
            groups.Select(g => paper.Task(g.Task, method) is { } v && (v.K is null || v.K == g.K) ? v.Mean : (double?)null).ToList());
        series.AddRange(new[]
        {
            Paper("NASFLAT", "NASFLAT (paper)", Colors.SteelBlue), Paper("HELP", "HELP (paper)", Colors.Gray),
            Paper("MultiPredict", "MultiPredict (paper)", Colors.SeaGreen),
        }.Where(s => s.Values.Any(v => v is not null)));
        GroupedBarChart.Write(path, [.. groups.Select(g => $"{g.Task}\nk={g.K}")], series, "Spearman ρ (negative shown as 0)",
            "Few-shot latency prediction: ours and the paper's, same k", null, Math.Max(110, 14 * series.Count + 40));
    }
}

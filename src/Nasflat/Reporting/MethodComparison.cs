using System.Globalization;
using System.Text;
using Nasflat.Baselines;
using Nasflat.Experiments;
using ScottPlot;

namespace Nasflat.Reporting;

/// <summary>
/// Methods side by side: one row per task and k, one column per method, for ρ (with the paper's number for that
/// method where it has one), Kendall τ, precision at the fastest 10 % and wall time; and a grouped bar chart.
/// </summary>
public static class MethodComparison
{
    private static IReadOnlyList<string> MethodsOf(BenchmarkRun run) => run.Tasks.Select(t => t.Method).Distinct().ToList();

    private static IEnumerable<(string Task, int K)> Rows(BenchmarkRun run) =>
        run.Tasks.SelectMany(t => t.Result.Ks.Select(k => (t.Task.Id, k))).Distinct();

    private static BenchmarkTaskRun? Find(BenchmarkRun run, string task, string method) =>
        run.Tasks.FirstOrDefault(t => t.Task.Id == task && t.Method == method);

    public static string Markdown(BenchmarkRun run, PaperReference paper)
    {
        var methods = MethodsOf(run);
        var text = new StringBuilder();
        text.AppendLine("## Methods side by side").AppendLine();
        text.AppendLine("Every method saw the same target samples (same seed, sampler and trials) and was scored on the same architectures. " +
            "Bold: the best of our runs on the row. In brackets: the paper's number for that method, with the paper's k where it differs from the row's " +
            "(NASFLAT and MultiPredict at k = 20, HELP at k = 10).").AppendLine();

        void Section(string title, Func<BenchmarkTaskRun, int, double> metric, Func<double, string> format, bool higherIsBetter, bool withPaper)
        {
            text.AppendLine($"### {title}").AppendLine();
            var table = new MarkdownTable(["task", "k", .. methods]);
            foreach (var (task, k) in Rows(run))
            {
                var values = methods.Select(m => Find(run, task, m) is { } r && r.Result.Ks.Contains(k) ? metric(r, k) : double.NaN).ToList();
                var finite = values.Where(double.IsFinite).ToList();
                double best = finite.Count == 0 ? double.NaN : higherIsBetter ? finite.Max() : finite.Min();
                var cells = values.Select((v, i) =>
                {
                    string cell = double.IsFinite(v) ? format(v) : "–";
                    if (double.IsFinite(v) && v == best && finite.Count > 1) cell = $"**{cell}**";
                    if (withPaper && Find(run, task, methods[i]) is { } r && PaperNumber.Of(TaskRow.SameMethod(paper, r)) is { } p)
                        cell += p.K is { } paperK && paperK != k ? $" (paper k = {paperK}: {TaskRow.F(p.Mean)})" : $" ({TaskRow.F(p.Mean)})";
                    return cell;
                });
                table.Add([task, k.ToString(CultureInfo.InvariantCulture), .. cells]);
            }
            text.AppendLine(table.ToString());
        }

        Section("Spearman ρ", (r, k) => r.Result.Spearman(k).Mean, BenchmarkReport.F, true, true);
        text.AppendLine("![every method per task](methods.png)").AppendLine();
        Section("Kendall τ", (r, k) => r.Result.Score(k, d => d.KendallTau).Mean, BenchmarkReport.F, true, false);
        Section("Precision at the fastest 10 %", (r, k) => r.Result.Score(k, d => d.PrecisionAtTop10).Mean, BenchmarkReport.F, true, false);
        Section("Wall time per task (all trials and k, seconds)", (r, _) => r.Result.TotalSeconds,
            v => v.ToString(v < 10 ? "0.0" : "0", CultureInfo.InvariantCulture), false, false);

        text.AppendLine("### Geometric mean of ρ per space").AppendLine();
        var means = new MarkdownTable(["space", "k", .. methods]);
        foreach (var group in Rows(run).GroupBy(r => (Space: r.Task.Split(':')[0], r.K)))
        {
            var cells = methods.Select(m =>
            {
                var values = group.Select(r => Find(run, r.Task, m) is { } x && x.Result.Ks.Contains(r.K) ? x.Result.Spearman(r.K).Mean : double.NaN).ToList();
                return values.All(v => v > 0) ? BenchmarkReport.F(Math.Exp(values.Average(Math.Log))) : "–";
            });
            means.Add([group.Key.Space, group.Key.K.ToString(CultureInfo.InvariantCulture), .. cells]);
        }
        text.AppendLine(means.ToString());
        return text.ToString();
    }

    /// <summary>One method's mean ρ on one task at one k.</summary>
    public readonly record struct MethodScore(string Task, string Method, int K, double Spearman);

    /// <summary>Grouped bars: ρ of every method (ours) per task and k (negative ρ drawn as 0).</summary>
    public static void WriteChart(string path, BenchmarkRun run) =>
        WriteChart(path, run.Tasks.SelectMany(t => t.Result.Ks.Select(k => new MethodScore(t.Task.Id, t.Method, k, t.Result.Spearman(k).Mean))).ToList());

    /// <summary>The same chart from scores read back, e.g. from a joined report's tasks.csv (<see cref="ReadScores"/>).</summary>
    public static void WriteChart(string path, IReadOnlyList<MethodScore> scores)
    {
        var methods = scores.Select(s => s.Method).Distinct().ToList();
        var rows = scores.Select(s => (s.Task, s.K)).Distinct().ToList();
        var byCell = scores.GroupBy(s => (s.Task, s.Method, s.K)).ToDictionary(g => g.Key, g => g.Last().Spearman);
        var palette = new ScottPlot.Palettes.Category10();
        var series = methods.Select((m, i) => new GroupedBarChart.Series(m, palette.GetColor(i), rows.Select(r =>
            byCell.TryGetValue((r.Task, m, r.K), out double rho) ? Math.Max(0, rho) : (double?)null).ToList())).ToList();
        var labels = rows.Select(r => $"{r.Task}\nk={r.K}").ToList();
        GroupedBarChart.Write(path, labels, series, "Spearman ρ (negative shown as 0)", "Every method on every task, same samples",
            null, 14 * methods.Count + 40);
    }

    /// <summary>The task, method, k and ρ columns of a tasks.csv that <c>nasflat bench</c> or <c>nasflat report</c> wrote.</summary>
    public static IReadOnlyList<MethodScore> ReadScores(string tasksCsv)
    {
        var csv = IO.CsvFile.Read(tasksCsv);
        int task = csv.Column("task"), method = csv.Column("method"), k = csv.Column("k"), spearman = csv.Column("spearman");
        return csv.Rows.Select(r => new MethodScore(r[task], r[method], r.Int(k, "k"), r.Double(spearman, "spearman", allowEmpty: true))).ToList();
    }
}

using System.Globalization;
using System.Text;
using Nasflat.Evaluation;
using Nasflat.Experiments;
using Nasflat.IO;
using Nasflat.Spaces;
using Nasflat.Tasks;
using ScottPlot;

namespace Nasflat.Reporting;

/// <summary>
/// The leave-one-device-out report: per method, target and k the mean over trials of ρ, τ and the calibrated
/// milliseconds' MAPE and ±10 % share; per method and k their mean, median and worst decile over targets. Written as
/// lodo.md, lodo-targets.csv, lodo-summary.csv and lodo.png (mean ρ against k, one line per method).
/// </summary>
public static class LodoReport
{
    /// <summary>One method on one target at one k, averaged over trials.</summary>
    public sealed record Cell(string Method, string Target, string Fold, int K, int Trials, double Spearman, double KendallTau,
        double? Mape, double? Within10, double? MapeIsotonic, double? Within10Isotonic);

    /// <summary>One method at one k over all targets. The worst decile is the 10th percentile of the targets' ρ.</summary>
    public sealed record Summary(string Method, int K, int Targets, double MeanRho, double MedianRho, double WorstDecileRho, double MeanTau,
        double? MeanMape, double? MedianMape, double? MeanWithin10, double? MeanMapeIsotonic, double? MeanWithin10Isotonic);

    public static IReadOnlyList<Cell> Cells(BenchmarkRun run, LodoPlan plan)
    {
        var fold = plan.Targets.ToDictionary(t => t.Device, t => t.Fold);
        return run.Tasks.SelectMany(t => t.Result.Trials.Select(trial => (t.Method, trial)))
            .Where(p => fold.ContainsKey(p.trial.Device))
            .GroupBy(p => (p.Method, p.trial.Device, p.trial.K))
            .Select(g =>
            {
                var trials = g.Select(p => p.trial).ToList();
                double? Mean(Func<TrialResult, double?> value) => trials.All(t => value(t) is not null) ? trials.Average(t => value(t)!.Value) : null;
                return new Cell(g.Key.Method, g.Key.Device, fold[g.Key.Device], g.Key.K, trials.Count,
                    trials.Average(t => t.Metrics.Spearman), trials.Average(t => t.Metrics.KendallTau),
                    Mean(t => t.Milliseconds?.Mape), Mean(t => t.Milliseconds?.Within10),
                    Mean(t => t.MillisecondsIsotonic?.Mape), Mean(t => t.MillisecondsIsotonic?.Within10));
            })
            .OrderBy(c => c.Method).ThenBy(c => c.K).ThenBy(c => c.Target, StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<Summary> Summaries(IReadOnlyList<Cell> cells) => cells
        .GroupBy(c => (c.Method, c.K))
        .Select(g =>
        {
            var rho = g.Select(c => c.Spearman).Order().ToArray();
            double? Mean(Func<Cell, double?> value) => g.All(c => value(c) is not null) ? g.Average(c => value(c)!.Value) : null;
            return new Summary(g.Key.Method, g.Key.K, rho.Length, rho.Average(), Statistics.Median(rho), Statistics.Percentile(rho, 0.10),
                g.Average(c => c.KendallTau), Mean(c => c.Mape), g.All(c => c.Mape is not null) ? Statistics.Median(g.Select(c => c.Mape!.Value)) : null,
                Mean(c => c.Within10), Mean(c => c.MapeIsotonic), Mean(c => c.Within10Isotonic));
        })
        .OrderBy(s => s.K).ThenByDescending(s => s.MeanRho).ToList();

    public static void Write(string folder, BenchmarkRun run, LodoPlan plan, string command, TimeSpan? wallTime)
    {
        Directory.CreateDirectory(folder);
        var cells = Cells(run, plan);
        var summaries = Summaries(cells);
        AtomicFile.WriteAllText(Path.Combine(folder, "lodo-targets.csv"), TargetsCsv(cells));
        AtomicFile.WriteAllText(Path.Combine(folder, "lodo-summary.csv"), SummaryCsv(summaries));
        WriteChart(Path.Combine(folder, "lodo.png"), summaries, plan);
        AtomicFile.WriteAllText(Path.Combine(folder, "lodo.md"), Markdown(run, plan, cells, summaries, command, wallTime));
    }

    private static string F(double? value, string format = "0.000") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "";

    private static string TargetsCsv(IReadOnlyList<Cell> cells)
    {
        var csv = new CsvText("method", "target", "fold", "k", "trials", "spearman", "kendall_tau", "mape", "within10", "mape_isotonic", "within10_isotonic");
        foreach (var c in cells)
            csv.Add(c.Method, c.Target, c.Fold, c.K, c.Trials, c.Spearman, c.KendallTau, c.Mape, c.Within10, c.MapeIsotonic, c.Within10Isotonic);
        return csv.ToString();
    }

    private static string SummaryCsv(IReadOnlyList<Summary> summaries)
    {
        var csv = new CsvText("method", "k", "targets", "mean_rho", "median_rho", "worst_decile_rho", "mean_tau", "mean_mape", "median_mape", "mean_within10",
            "mean_mape_isotonic", "mean_within10_isotonic");
        foreach (var s in summaries)
            csv.Add(s.Method, s.K, s.Targets, s.MeanRho, s.MedianRho, s.WorstDecileRho, s.MeanTau, s.MeanMape, s.MedianMape, s.MeanWithin10,
                s.MeanMapeIsotonic, s.MeanWithin10Isotonic);
        return csv.ToString();
    }

    private static void WriteChart(string path, IReadOnlyList<Summary> summaries, LodoPlan plan)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var methods = summaries.Select(s => s.Method).Distinct().Order(StringComparer.Ordinal).ToList();
        for (int m = 0; m < methods.Count; m++)
        {
            var points = summaries.Where(s => s.Method == methods[m]).OrderBy(s => s.K).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)p.K).ToArray(), points.Select(p => p.MeanRho).ToArray());
            line.Color = palette.GetColor(m);
            line.LineWidth = methods[m] == "nasflat" ? 3 : 1.5f;
            line.MarkerSize = 6;
            line.LegendText = methods[m];
        }
        plot.Axes.Bottom.Label.Text = "k (measured architectures of the target)";
        plot.Axes.Left.Label.Text = "mean Spearman ρ over held-out targets";
        plot.Title($"Leave-one-device-out, {plan.Space.Id()}: {plan.Targets.Count} targets, near-copies (ρ > {plan.NearCopyThreshold}) out of the sources");
        plot.ShowLegend(Alignment.LowerRight);
        AtomicFile.Write(path, temp => plot.SavePng(temp, 900, 560));
    }

    private static string Markdown(BenchmarkRun run, LodoPlan plan, IReadOnlyList<Cell> cells, IReadOnlyList<Summary> summaries, string command, TimeSpan? wallTime)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Leave-one-device-out: {plan.Space.Id()}");
        text.AppendLine();
        text.AppendLine($"Command: `{command}`" + (wallTime is { } w ? $" — wall time {w.TotalMinutes:0.0} min" : "") + ".");
        text.AppendLine($"Machine: {run.Environment.Cpu}, {run.Environment.Cores} cores, {run.Environment.CpuFeatures}, precision {run.Environment.Precision}.");
        text.AppendLine();
        text.AppendLine($"Every one of the {plan.Targets.Count} devices is a target once. Its sources are the devices of the other folds; its near-copies " +
            $"(Spearman ρ > {plan.NearCopyThreshold} with it) share its fold and are never among them. ρ and τ are over all measured architectures " +
            "(the k samples included, the paper's protocol); MAPE and ±10 % are over the architectures that were not sampled, after calibrating the " +
            "scores to milliseconds on the k samples (isotonic or log-linear, chosen by leave-one-out; the isotonic-only figures are in the CSV).");
        text.AppendLine();
        text.AppendLine("![mean ρ against k](lodo.png)");
        foreach (int k in summaries.Select(s => s.K).Distinct().Order())
        {
            text.AppendLine();
            text.AppendLine($"## k = {k}");
            text.AppendLine();
            var table = new MarkdownTable("method", "mean ρ", "median ρ", "worst decile ρ", "mean τ", "MAPE (mean)", "MAPE (median)", "within ±10 %");
            foreach (var s in summaries.Where(s => s.K == k))
                table.Add(s.Method, F(s.MeanRho), F(s.MedianRho), F(s.WorstDecileRho), F(s.MeanTau), Percent(s.MeanMape), Percent(s.MedianMape), Percent(s.MeanWithin10));
            text.Append(table);
        }

        var methods = cells.Select(c => c.Method).Distinct().Order(StringComparer.Ordinal).ToList();
        var rho = cells.ToDictionary(c => (c.Method, c.K, c.Target), c => c.Spearman);
        text.AppendLine();
        text.AppendLine("## ρ per target");
        foreach (int k in summaries.Select(s => s.K).Distinct().Order())
        {
            text.AppendLine();
            text.AppendLine($"### k = {k}");
            text.AppendLine();
            var table = new MarkdownTable(["target", "fold", .. methods]);
            foreach (var target in plan.Targets)
                table.Add([target.Device, target.Fold, .. methods.Select(m => F(rho.TryGetValue((m, k, target.Device), out double r) ? r : null))]);
            text.Append(table);
        }

        text.AppendLine();
        text.AppendLine("## Folds and the near-copies kept out of each target's sources");
        text.AppendLine();
        var folds = new MarkdownTable("fold", "targets", "sources");
        foreach (var fold in plan.Folds) folds.Add(fold.Name, string.Join(", ", fold.Test), fold.Train.Length.ToString(CultureInfo.InvariantCulture));
        text.Append(folds);
        text.AppendLine();
        var near = new MarkdownTable("target", "near-copies removed (ρ)");
        foreach (var target in plan.Targets.Where(t => t.NearCopies.Count > 0))
            near.Add(target.Device, string.Join(", ", target.NearCopies.Select(n => $"{n.Device} ({n.Rho:0.000})")));
        text.Append(near);
        return text.ToString();
    }

    private static string Percent(double? value) => value is { } v ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "";
}

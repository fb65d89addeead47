using System.Globalization;
using System.Text;
using System.Text.Json;
using Nasflat.Data;
using Nasflat.Experiments;
using Nasflat.IO;
using Nasflat.Search;
using Nasflat.Spaces.Nb201;
using ScottPlot;
using Nasflat.Native;

namespace Nasflat.Reporting;

/// <summary>Writes a search run: report.md, picks.csv, summary.csv, results.json and a Pareto plot per device.</summary>
public static class SearchReport
{
    public static IReadOnlyList<string> Write(string directory, SearchResult result, Nb201Data data, RunEnvironment environment)
    {
        Directory.CreateDirectory(directory);
        var paper = PaperReference.Load();
        var cost = new CostModel(result.Options[0].SecondsPerMeasurement);
        var files = new List<string>();
        void Save(string name, string text)
        {
            AtomicFile.WriteAllText(Path.Combine(directory, name), text);
            files.Add(Path.Combine(directory, name));
        }

        Save("results.json", JsonSerializer.Serialize(new { Environment = environment, result.Options, result.Sources, result.PretrainSeconds, result.Summaries, result.Picks }, BenchmarkReport.Json));
        var picks = new CsvText("device", "strategy", "constraint_ms", "run", "index", "architecture", "predicted_ms", "true_ms", "accuracy",
            "violates", "verified", "measurements", "candidates", "oracle_accuracy", "gap", "compute_s");
        foreach (var p in result.Picks)
            picks.Add(p.Device, p.Strategy, p.ConstraintMs, p.Run, p.Index, p.Architecture, p.PredictedMs, p.TrueMs, p.Accuracy, p.Violates ? 1 : 0,
                p.Verified ? 1 : 0, p.Measurements, p.CandidatesEvaluated, p.OracleAccuracy, p.AccuracyGap, p.ComputeSeconds);
        Save("picks.csv", picks.ToString());
        var summary = new CsvText("device", "strategy", "constraint_ms", "runs", "violation_rate", "mean_true_ms", "mean_accuracy", "oracle_accuracy",
            "mean_gap", "max_gap", "measurements", "candidates", "compute_s", "speedup_vs_measure_all", "speedup_vs_brpnas");
        foreach (var s in result.Summaries)
            summary.Add(s.Device, s.Strategy, s.ConstraintMs, s.Runs, s.ViolationRate, s.MeanTrueMs, s.MeanAccuracy, s.OracleAccuracy, s.MeanGap, s.MaxGap,
                s.MeanMeasurements, s.MeanCandidates, s.MeanComputeSeconds, cost.SpeedupOverMeasureAll(s), cost.SpeedupOverBrpNas(s));
        Save("summary.csv", summary.ToString());

        foreach (var device in result.Summaries.Select(s => s.Device).Distinct())
        {
            string png = Path.Combine(directory, $"pareto-{device}.png");
            Pareto(png, device, result, data, paper);
            files.Add(png);
        }
        Save("report.md", Markdown(result, environment, paper, cost));
        return files;
    }

    private static string F(double v, string format = "0.00") => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

    private static string Markdown(SearchResult result, RunEnvironment env, PaperReference paper, CostModel cost)
    {
        var text = new StringBuilder("# Latency-constrained NAS on NAS-Bench-201\n\n");
        var o = result.Options[0];
        text.AppendLine($"Run {env.Started:yyyy-MM-dd HH:mm} UTC on {env.Describe()}; `{env.CommandLine}`.  ");
        text.AppendLine($"Predictor pretrained on {string.Join(", ", result.Sources)} ({result.PretrainSeconds:0} s in total for {o.Runs} runs), " +
            $"transferred to each target from k = {o.K} measurements. Accuracy: NB201 {o.Accuracy} test accuracy. " +
            $"Evolution: budget {o.EvolutionBudget}, population {o.Population}, tournament {o.TournamentSize}; verification budget {o.VerificationBudget}, band {o.Band:P0}.").AppendLine();
        text.AppendLine("Every pick is checked against the device's true latency. **Violation rate**: share of runs whose pick exceeds the constraint " +
            "(or found none). **Gap**: oracle accuracy (the best architecture of the whole space that truly meets the constraint) minus the pick's. " +
            $"**Cost model**: {cost.SecondsPerMeasurement:0.#} s per measurement on the device plus measured compute; speed-up vs *measure-all* = " +
            "(candidates evaluated × c) / ours; vs *BRP-NAS* = (900 × c + compute) / ours, where ours = (k + verifications) × c + compute.").AppendLine();

        var table = new MarkdownTable("device", "strategy", "constraint ms", "true ms", "accuracy %", "oracle %", "gap (mean / max)", "violations",
            "measurements", "candidates", "compute s", "speed-up vs measure-all", "vs BRP-NAS");
        foreach (var s in result.Summaries)
            table.Add(s.Device, s.Strategy.ToString(), F(s.ConstraintMs, "0.#"), F(s.MeanTrueMs), F(s.MeanAccuracy), F(s.OracleAccuracy),
                $"{F(s.MeanGap)} / {F(s.MaxGap)}", $"{s.ViolationRate:P0}", F(s.MeanMeasurements, "0.#"), F(s.MeanCandidates, "0"),
                F(s.MeanComputeSeconds, "0.0"), $"{F(cost.SpeedupOverMeasureAll(s), "0.0")}×", $"{F(cost.SpeedupOverBrpNas(s), "0.0")}×");
        text.AppendLine(table.ToString());

        text.AppendLine("## The paper's comparison (§8.10)").AppendLine();
        var reference = new MarkdownTable("device", "constraints ms", "method", "results (latency ms / accuracy %)");
        foreach (var device in result.Summaries.Select(s => s.Device).Distinct())
            if (paper.Nas(device) is { } nas)
                foreach (var (method, points) in nas.Points)
                    reference.Add(device, string.Join(" / ", nas.ConstraintsMs), method, string.Join(", ", points.Select(p => $"{p.LatencyMs:0.#} / {p.Accuracy:0.0}")));
        text.AppendLine(reference.ToString());
        text.AppendLine($"Source: {paper.NasSource}").AppendLine();
        foreach (var device in result.Summaries.Select(s => s.Device).Distinct()) text.AppendLine($"![{device}](pareto-{device}.png)");
        return text.ToString();
    }

    private static void Pareto(string path, string device, SearchResult result, Nb201Data data, PaperReference paper)
    {
        var options = result.Options.First(o => o.Device == device);
        var accuracy = data.Accuracies.Test[options.Accuracy];
        var latency = data.Latency;
        int column = latency.IndexOf(device);
        var measured = latency.MeasuredArchitectures(column);
        var plot = new Plot();
        var all = plot.Add.ScatterPoints(measured.Select(a => latency.Column(column)[a]).ToArray(), measured.Select(a => accuracy[a]).ToArray());
        all.Color = Colors.LightGray;
        all.MarkerSize = 2;
        all.LegendText = $"all {measured.Length} architectures";

        var front = new List<(double X, double Y)>();
        double best = double.NegativeInfinity;
        foreach (int a in measured.OrderBy(a => latency.Column(column)[a]))
            if (accuracy[a] > best) { best = accuracy[a]; front.Add((latency.Column(column)[a], accuracy[a])); }
        var frontLine = plot.Add.ScatterLine(front.Select(p => p.X).ToArray(), front.Select(p => p.Y).ToArray());
        frontLine.Color = Colors.Black;
        frontLine.LegendText = "true Pareto front";

        var styles = new[] { (SearchStrategy.Evolution, Colors.Red, MarkerShape.FilledCircle), (SearchStrategy.MetaD2A, Colors.DarkOrange, MarkerShape.FilledSquare) };
        foreach (var (strategy, color, shape) in styles)
        {
            var picks = result.Picks.Where(p => p.Device == device && p.Strategy == strategy && p.TrueMs is not null && p.Accuracy is not null).ToList();
            if (picks.Count == 0) continue;
            var scatter = plot.Add.ScatterPoints(picks.Select(p => p.TrueMs!.Value).ToArray(), picks.Select(p => p.Accuracy!.Value).ToArray());
            scatter.Color = color;
            scatter.MarkerShape = shape;
            scatter.MarkerSize = 8;
            scatter.LegendText = $"Nasflat {strategy} picks (true latency)";
        }
        if (paper.Nas(device) is { } nas)
        {
            var colors = new Dictionary<string, Color> { ["HELP"] = Colors.Blue, ["HELP (pareto_analysis)"] = Colors.SteelBlue, ["BRP-NAS"] = Colors.Green, ["NASFLAT"] = Colors.Purple };
            foreach (var (method, points) in nas.Points)
            {
                var scatter = plot.Add.ScatterPoints(points.Select(p => p.LatencyMs).ToArray(), points.Select(p => p.Accuracy).ToArray());
                scatter.Color = colors.GetValueOrDefault(method, Colors.Gray);
                scatter.MarkerShape = MarkerShape.OpenTriangleUp;
                scatter.MarkerSize = 10;
                scatter.LegendText = $"{method} (paper)";
            }
            foreach (double c in options.ConstraintsMs)
            {
                var line = plot.Add.VerticalLine(c);
                line.Color = Colors.Gray.WithAlpha(0.6);
                line.LinePattern = LinePattern.Dashed;
            }
        }
        plot.Axes.SetLimitsY(Math.Max(0, accuracy.Max() - 15), accuracy.Max() + 1);
        plot.XLabel($"true latency on {device} (ms)");
        plot.YLabel($"{options.Accuracy} test accuracy (%)");
        plot.Title($"{device}: picks under {string.Join(" / ", options.ConstraintsMs)} ms");
        plot.ShowLegend(Alignment.LowerRight);
        AtomicFile.Write(path, temp => plot.SavePng(temp, 900, 600));
    }
}

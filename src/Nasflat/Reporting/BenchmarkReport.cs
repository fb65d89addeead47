using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nasflat.Experiments;
using Nasflat.IO;

namespace Nasflat.Reporting;

/// <summary>
/// Writes a benchmark run as <c>results.json</c> (everything, including the options), <c>tasks.csv</c>, <c>timings.csv</c>,
/// <c>devices.csv</c>, <c>trials.csv</c>, <c>report.md</c> (ours next to the paper) and <c>chart.png</c>.
/// Every file is written atomically, so an interrupted run never leaves a half-written report.
/// </summary>
public static class BenchmarkReport
{
    public static JsonSerializerOptions Json => IO.JsonFormat.Options;

    /// <summary>Reads a run's results.json back (a clear error when the folder holds none or it is not a run).</summary>
    public static BenchmarkRun Read(string directory)
    {
        string path = Path.Combine(directory, "results.json");
        if (!File.Exists(path)) throw new NasflatException($"{path} does not exist; give a folder written by 'nasflat bench'.");
        try
        {
            return JsonSerializer.Deserialize<BenchmarkRun>(File.ReadAllText(path), Json) is { Tasks: not null } run
                ? run : throw new NasflatException($"{path} holds no benchmark run.");
        }
        catch (JsonException e)
        {
            throw new NasflatException($"{path} is not a benchmark run (line {e.LineNumber + 1}: {e.Message}); was it written by 'nasflat bench'?");
        }
    }

    /// <summary>
    /// Several runs as one (e.g. a long NASFLAT run and a baselines run on the same tasks and seeds): their task runs in
    /// order, a later run replacing an earlier one's task, method and k; the environment is the first run's.
    /// </summary>
    public static BenchmarkRun Combine(IReadOnlyList<BenchmarkRun> runs)
    {
        if (runs.Count == 0) throw new NasflatException("No run to combine.");
        var byKey = new Dictionary<string, BenchmarkTaskRun>();
        var order = new List<string>();
        foreach (var taskRun in runs.SelectMany(r => r.Tasks))
        {
            if (!byKey.TryGetValue(taskRun.Key, out var earlier))
            {
                order.Add(taskRun.Key);
                byKey[taskRun.Key] = taskRun;
                continue;
            }
            // The same task and method at other k (e.g. HELP at k = 10 and at k = 20) join; the same k is replaced.
            var later = taskRun.Result.Ks.ToHashSet();
            bool disjoint = !earlier.Result.Ks.Any(later.Contains);
            var trials = earlier.Result.Trials.Where(t => !later.Contains(t.K)).Concat(taskRun.Result.Trials).ToList();
            byKey[taskRun.Key] = taskRun with
            {
                Result = new TaskResult(taskRun.Task.Id, trials,
                    taskRun.Result.PretrainSeconds + (disjoint ? earlier.Result.PretrainSeconds : 0),
                    taskRun.Result.TotalSeconds + (disjoint ? earlier.Result.TotalSeconds : 0)),
            };
        }
        var commands = string.Join(" + ", runs.Select(r => r.Environment.CommandLine).Distinct());
        var taskOrder = order.Select(k => byKey[k].Task.Id).Distinct().ToList();
        var tasks = order.Select(k => byKey[k]).OrderBy(t => taskOrder.IndexOf(t.Task.Id)).ToList();
        return new BenchmarkRun(runs[0].Environment with { CommandLine = commands }, tasks);
    }

    public static IReadOnlyList<string> Write(string directory, BenchmarkRun run)
    {
        Directory.CreateDirectory(directory);
        var paper = PaperReference.Load();
        var files = new List<string>();
        void Save(string name, string text)
        {
            string path = Path.Combine(directory, name);
            AtomicFile.WriteAllText(path, text);
            files.Add(path);
        }

        Save("results.json", JsonSerializer.Serialize(run, Json));
        var rows = TaskRow.Of(run, paper);
        Save("tasks.csv", TasksCsv(rows));
        Save("tasks.json", JsonSerializer.Serialize(rows, Json));
        Save("timings.csv", TimingsCsv(run));
        Save("devices.csv", DevicesCsv(run, paper));
        Save("trials.csv", TrialsCsv(run));
        Save("report.md", Markdown(run, paper));
        string chart = Path.Combine(directory, "chart.png");
        BenchmarkChart.Write(chart, run, paper);
        files.Add(chart);
        if (run.Tasks.Select(t => t.Method).Distinct().Count() > 1)
        {
            string methods = Path.Combine(directory, "methods.png");
            MethodComparison.WriteChart(methods, run);
            files.Add(methods);
        }
        return files;
    }

    internal static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>The paper's number for a device, marked with the paper's k where it differs from the row's.</summary>
    private static string DevicePaper(PaperReference paper, string task, string device, string method, int k) =>
        paper.Device(task, device, method) is { } value ? new PaperNumber(value.Mean, value.Std, paper.Task(task, method)?.K).Text(k) : "–";

    private static string TasksCsv(IReadOnlyList<TaskRow> rows)
    {
        var csv = new CsvText(TaskRow.CsvHeaders);
        foreach (var row in rows) csv.Add(row.CsvValues());
        return csv.ToString();
    }

    /// <summary>Wall time per task and method, summed over the processes or shards that ran its trials.</summary>
    private static string TimingsCsv(BenchmarkRun run)
    {
        var csv = new CsvText("task", "method", "trials", "pretrain_seconds", "total_seconds");
        foreach (var t in run.Tasks)
            csv.Add(t.Task.Id, t.Method, t.Result.Trials.Select(r => r.Trial).Distinct().Count(), t.Result.PretrainSeconds, t.Result.TotalSeconds);
        return csv.ToString();
    }

    private static string DevicesCsv(BenchmarkRun run, PaperReference paper)
    {
        var csv = new CsvText("task", "method", "device", "k", "spearman", "spearman_std", "spearman_excluding_samples", "kendall_tau", "precision_top10",
            "paper_nasflat", "paper_multipredict", "paper_help");
        foreach (var t in run.Tasks)
            foreach (var d in t.Result.Devices)
                csv.Add(t.Task.Id, t.Method, d.Device, d.K, d.Spearman.Mean, d.Spearman.Std, d.SpearmanExcludingSamples.Mean, d.KendallTau.Mean,
                    d.PrecisionAtTop10.Mean, paper.Device(t.Task.Id, d.Device, "NASFLAT")?.Mean,
                    paper.Device(t.Task.Id, d.Device, "MultiPredict")?.Mean, paper.Device(t.Task.Id, d.Device, "HELP")?.Mean);
        return csv.ToString();
    }

    private static string TrialsCsv(BenchmarkRun run)
    {
        var csv = new CsvText("task", "method", "device", "k", "trial", "spearman", "spearman_excluding_samples", "kendall_tau", "precision_top10",
            "initialized_from", "seconds", "prior", "prior_weight", "prior_loo_spearman", "predictor_cv_spearman", "predictor_only_spearman", "prior_only_spearman",
            "partner", "partner_cv_spearman", "partner_predictor_cv_spearman", "partner_averaged");
        foreach (var (method, trial) in run.Tasks.SelectMany(t => t.Result.Trials.Select(r => (t.Method, r))))
            csv.Add(trial.Task, method, trial.Device, trial.K, trial.Trial, trial.Metrics.Spearman, trial.Metrics.SpearmanExcludingSamples,
                trial.Metrics.KendallTau, trial.Metrics.PrecisionAtTop10, trial.InitializedFrom, trial.Seconds,
                trial.Prior?.Source?.ToString().ToLowerInvariant(), trial.Prior?.Weight, trial.Prior?.LeaveOneOutRho, trial.Prior?.PredictorCrossValidatedRho, trial.Prior?.PredictorOnlySpearman, trial.Prior?.PriorOnlySpearman,
                trial.Partner?.Partner, trial.Partner?.PartnerCrossValidatedRho, trial.Partner?.PredictorCrossValidatedRho, trial.Partner?.AveragedIn);
        return csv.ToString();
    }

    private static string Markdown(BenchmarkRun run, PaperReference paper)
    {
        var text = new StringBuilder();
        var env = run.Environment;
        text.AppendLine("# Nasflat benchmark report").AppendLine();
        text.AppendLine($"Run {env.Started:yyyy-MM-dd HH:mm} UTC on {env.Describe()}, " +
            $"{env.Runtime}, TorchSharp {env.TorchSharp}.  ");
        text.AppendLine($"Command: `{env.CommandLine}`").AppendLine();
        text.AppendLine("Spearman ρ between predicted and true latency on each target device, averaged over the last fine-tuning epochs, " +
            "then over trials, then over target devices (the paper's protocol: all measured architectures, including the k samples). " +
            "\"strict ρ\" leaves the k samples out. \"±\" is the mean over devices of the std over trials. " +
            "The paper measured NASFLAT and MultiPredict at k = 20 and HELP at k = 10.").AppendLine();

        if (run.Tasks.Select(t => t.Method).Distinct().Count() > 1) text.Append(MethodComparison.Markdown(run, paper));

        text.AppendLine("## Tasks").AppendLine();
        text.AppendLine("Δ vs paper compares with the paper's number for the same method, protocol and k only; where the paper measured another k, " +
            "the cell says which.").AppendLine();
        var table = new MarkdownTable(TaskRow.Headers);
        foreach (var row in TaskRow.Of(run, paper))
        {
            var cells = row.Cells().ToArray();
            cells[3] = $"**{cells[3].Replace(" ± ", "** ± ", StringComparison.Ordinal)}";
            table.Add(cells);
        }
        text.AppendLine(table.ToString());
        text.AppendLine("![ours vs the paper](chart.png)").AppendLine();

        text.AppendLine("## Target devices").AppendLine();
        var devices = new MarkdownTable("task", "method", "device", "k", "ours ρ", "paper NASFLAT", "paper MultiPredict", "paper HELP", "strict ρ", "Kendall τ", "p@top-10%", "embedding from");
        foreach (var t in run.Tasks)
            foreach (var d in t.Result.Devices)
            {
                var sources = t.Result.Trials.Where(r => r.Device == d.Device && r.K == d.K).Select(r => r.InitializedFrom ?? "–")
                    .GroupBy(s => s).OrderByDescending(g => g.Count()).Select(g => g.Count() > 1 ? $"{g.Key} ×{g.Count()}" : g.Key);
                devices.Add(t.Task.Id, t.Method, d.Device, d.K.ToString(CultureInfo.InvariantCulture), d.Spearman.ToString(),
                    DevicePaper(paper, t.Task.Id, d.Device, "NASFLAT", d.K), DevicePaper(paper, t.Task.Id, d.Device, "MultiPredict", d.K),
                    DevicePaper(paper, t.Task.Id, d.Device, "HELP", d.K), F(d.SpearmanExcludingSamples.Mean), F(d.KendallTau.Mean),
                    F(d.PrecisionAtTop10.Mean), string.Join(", ", sources));
            }
        text.AppendLine(devices.ToString());

        text.AppendLine("## Options").AppendLine();
        foreach (var group in run.Tasks.GroupBy(t => JsonSerializer.Serialize(t.Options, Json)))
        {
            text.AppendLine($"Tasks {string.Join(", ", group.Select(t => t.Task.Id))}:").AppendLine();
            text.AppendLine("```json").AppendLine(group.Key).AppendLine("```").AppendLine();
        }
        text.AppendLine($"Paper numbers: {paper.Source}");
        return text.ToString();
    }
}

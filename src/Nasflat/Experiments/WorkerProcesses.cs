using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nasflat.Data;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Tasks;

namespace Nasflat.Experiments;

/// <summary>
/// Runs a benchmark's tasks in several worker processes, each single-threaded, and merges their results into one
/// report. On a small CPU this is the fastest safe way to use every core: ops on small graph batches parallelise
/// poorly inside libtorch, and TorchSharp models must not run on several threads of one process (see
/// <see cref="Benchmark"/>). Workers report progress as tab-separated lines on standard output
/// (<see cref="FormatProgress"/>); each writes its own report, from which the parent reads results.json.
/// </summary>
public sealed class WorkerProcesses(DataCatalog catalog, string outputDirectory, RunEnvironment environment)
{
    private const string ProgressPrefix = "##nasflat-progress";

    /// <summary>
    /// Starts a worker that runs the given task files (each limited to its trial subset; null means all trials) and
    /// writes its report to a folder.
    /// </summary>
    public delegate ProcessStartInfo WorkerStarter(IReadOnlyList<string> taskFiles, IReadOnlyList<IReadOnlyList<int>?> trialSubsets, string workerOutput);

    public static string FormatProgress(ExperimentProgress p) =>
        string.Join('\t', ProgressPrefix, p.Task, p.Done.ToString(CultureInfo.InvariantCulture), p.Total.ToString(CultureInfo.InvariantCulture), p.Stage);

    public static bool TryParseProgress(string line, out ExperimentProgress progress)
    {
        progress = default;
        var parts = line.Split('\t');
        if (parts.Length != 5 || parts[0] != ProgressPrefix) return false;
        progress = new ExperimentProgress(parts[1], parts[4], long.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>
    /// Splits the work over <paramref name="workers"/> by trial: every (task, trial) is one unit of estimated cost,
    /// placed longest first onto the least loaded worker, so a single task's trials also run side by side. Each
    /// worker runs its tasks limited to its trials; the parts of a task are joined when all have arrived, and the
    /// merged report is rewritten after each worker. Tasks keep the caller's order in the report.
    /// </summary>
    public BenchmarkRun Run(IReadOnlyList<LatencyTask> tasks, IReadOnlyList<string> methods, Func<LatencyTask, ExperimentOptions> optionsFor, int workers, WorkerStarter start,
        IProgress<ExperimentProgress>? progress = null, Action<BenchmarkTaskRun>? taskDone = null, CancellationToken cancellation = default)
    {
        var planned = Benchmark.Plan(catalog, tasks, methods, optionsFor);
        var units = (from p in planned from t in p.Options.TrialIndices
                     select (Index: planned.IndexOf(p), Trial: t, Cost: EstimatedCost(p.Task, p.Options, methods) / p.Options.TrialIndices.Count))
            .OrderByDescending(u => u.Cost).ThenBy(u => u.Index).ThenBy(u => u.Trial).ToList();
        var assigned = Enumerable.Range(0, Math.Min(workers, units.Count)).Select(_ => new SortedDictionary<int, List<int>>()).ToList();
        var load = new double[assigned.Count];
        foreach (var unit in units)
        {
            int least = Array.IndexOf(load, load.Min());
            if (!assigned[least].TryGetValue(unit.Index, out var trials)) assigned[least][unit.Index] = trials = [];
            trials.Add(unit.Trial);
            load[least] += unit.Cost;
        }

        // Parts expected per run key, and the whole run's progress units (workers report their own parts).
        var expectedParts = new Dictionary<string, int>();
        foreach (var worker in assigned)
            foreach (int index in worker.Keys)
                foreach (var method in methods)
                    expectedParts[$"{planned[index].Task.Id} {method}"] = expectedParts.GetValueOrDefault($"{planned[index].Task.Id} {method}") + 1;
        var totals = (from p in planned from m in methods select (Key: Benchmark.ProgressKey(p.Task, m), Units: Benchmark.WorkUnits(p.Task, p.Options, m)))
            .ToDictionary(x => x.Key, x => x.Units);
        var sharedProgress = progress is null ? null : new SummedProgress(progress, totals);

        string workRoot = Path.Combine(outputDirectory, "workers");
        var processes = new List<(Process Process, string Output, List<string> Log)>();
        try
        {
            for (int w = 0; w < assigned.Count; w++)
            {
                string folder = Path.Combine(workRoot, $"worker-{w}");
                Directory.CreateDirectory(folder);
                var files = new List<string>();
                var subsets = new List<IReadOnlyList<int>?>();
                foreach (var (index, trials) in assigned[w])
                {
                    var (task, options) = planned[index];
                    string file = Path.Combine(folder, $"{task.Space.Id()}-{task.Name}.json");
                    TaskFile.Write(file, task);
                    files.Add(file);
                    subsets.Add(trials.Count == options.TrialIndices.Count ? null : trials.Order().ToList());
                }
                var info = start(files, subsets, folder);
                info.RedirectStandardOutput = true;
                info.RedirectStandardError = true;
                info.UseShellExecute = false;
                var process = Process.Start(info) ?? throw new NasflatException($"Could not start worker {w} ({info.FileName}).");
                var log = new List<string>();
                int worker = w;
                process.OutputDataReceived += (_, e) => Receive(e.Data, log, sharedProgress is null ? null : p => sharedProgress.Report(worker, p));
                process.ErrorDataReceived += (_, e) => Receive(e.Data, log, null);
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                processes.Add((process, folder, log));
            }

            var parts = new Dictionary<string, List<BenchmarkTaskRun>>();
            var finished = new Dictionary<string, BenchmarkTaskRun>();
            foreach (var (process, folder, log) in processes)
            {
                process.WaitForExitAsync(cancellation).GetAwaiter().GetResult();
                if (process.ExitCode != 0)
                {
                    string tail, cause;
                    lock (log)
                    {
                        tail = string.Join("\n", log.TakeLast(15));
                        // The stack trace fills the tail; the line naming the exception comes before it.
                        cause = log.LastOrDefault(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal)
                            && (l.Contains("Exception", StringComparison.Ordinal) || l.StartsWith("error", StringComparison.Ordinal))) ?? "(no exception line)";
                    }
                    throw new NasflatException($"A benchmark worker failed (exit code {process.ExitCode}): {cause}\nIts last output:\n{tail}");
                }
                var run = JsonSerializer.Deserialize<BenchmarkRun>(File.ReadAllText(Path.Combine(folder, "results.json")), BenchmarkReport.Json)
                    ?? throw new NasflatException($"Worker results in {folder} are empty.");
                foreach (var part in run.Tasks)
                {
                    if (!parts.TryGetValue(part.Key, out var list)) parts[part.Key] = list = [];
                    list.Add(part);
                    if (list.Count < expectedParts[part.Key]) continue;
                    var whole = Join(list, planned.First(p => p.Task.Id == part.Task.Id).Options);
                    finished[part.Key] = whole;
                    taskDone?.Invoke(whole);
                }
                BenchmarkReport.Write(outputDirectory, Merge(tasks, methods, finished));
            }
            return Merge(tasks, methods, finished);
        }
        finally
        {
            foreach (var (process, _, _) in processes)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.Dispose();
            }
        }
    }

    /// <summary>
    /// One run from the parts that workers ran with trial subsets: all trials' results in trial order, the options
    /// without a subset, and the time spent on it summed over the workers.
    /// </summary>
    public static BenchmarkTaskRun Join(IReadOnlyList<BenchmarkTaskRun> parts, ExperimentOptions options)
    {
        if (parts.Count == 1 && parts[0].Options.TrialSubset is null) return parts[0];
        var first = parts[0];
        var trials = parts.SelectMany(p => p.Result.Trials).OrderBy(t => t.Trial).ToList();
        return first with
        {
            Options = options with { TrialSubset = null },
            Result = new TaskResult(first.Result.Task, trials, parts.Sum(p => p.Result.PretrainSeconds), parts.Sum(p => p.Result.TotalSeconds)),
        };
    }

    private BenchmarkRun Merge(IReadOnlyList<LatencyTask> tasks, IReadOnlyList<string> methods, Dictionary<string, BenchmarkTaskRun> finished) =>
        new(environment, [.. from t in tasks from m in methods let key = $"{t.Id} {m}" where finished.ContainsKey(key) select finished[key]]);

    private static void Receive(string? line, List<string> log, Action<ExperimentProgress>? progress)
    {
        if (line is null) return;
        if (TryParseProgress(line, out var p)) progress?.Invoke(p);
        else lock (log) log.Add(line);
    }

    /// <summary>Adds up the progress that several workers report for parts of the same run.</summary>
    private sealed class SummedProgress(IProgress<ExperimentProgress> inner, IReadOnlyDictionary<string, long> totals)
    {
        private readonly Dictionary<(int Worker, string Task), long> _done = [];

        public void Report(int worker, ExperimentProgress part)
        {
            long done;
            lock (_done)
            {
                _done[(worker, part.Task)] = part.Done;
                done = _done.Where(d => d.Key.Task == part.Task).Sum(d => d.Value);
            }
            inner.Report(part with { Done = done, Total = totals.GetValueOrDefault(part.Task, part.Total) });
        }
    }

    /// <summary>
    /// A rough cost for scheduling: graph nodes processed in NASFLAT's pretraining and whole-space evaluations. The
    /// baselines are counted as a tenth of NASFLAT each (their networks are small MLPs, trees or lookups).
    /// </summary>
    public double EstimatedCost(LatencyTask task, ExperimentOptions options, IReadOnlyList<string> methods)
    {
        double nasflat = EstimatedCost(task, options);
        return methods.Sum(m => m == Baselines.FewShotMethods.Nasflat ? nasflat : nasflat / 10);
    }

    /// <summary>NASFLAT's share of <see cref="EstimatedCost(LatencyTask, ExperimentOptions, IReadOnlyList{string})"/>.</summary>
    public double EstimatedCost(LatencyTask task, ExperimentOptions options)
    {
        var data = catalog.Space(task.Space);
        double nodes = data.Graph(0).NodeCount;
        double pretrain = 3.0 * options.Training.PretrainEpochs * options.PretrainSamplesPerDevice * task.Train.Length;
        double evaluate = (double)task.Test.Length * options.K.Count * options.Training.EvaluationEpochs * data.ArchitectureCount;
        return options.TrialIndices.Count * nodes * (pretrain + evaluate);
    }
}

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

    /// <summary>Starts a worker that runs the given task files and writes its report to a folder.</summary>
    public delegate ProcessStartInfo WorkerStarter(IReadOnlyList<string> taskFiles, string workerOutput);

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
    /// Splits tasks over <paramref name="workers"/> by estimated cost (longest first, onto the least loaded worker),
    /// runs them, and writes the merged report. Tasks keep the caller's order in the report.
    /// </summary>
    public BenchmarkRun Run(IReadOnlyList<LatencyTask> tasks, IReadOnlyList<string> methods, Func<LatencyTask, ExperimentOptions> optionsFor, int workers, WorkerStarter start,
        IProgress<ExperimentProgress>? progress = null, Action<BenchmarkTaskRun>? taskDone = null, CancellationToken cancellation = default)
    {
        Benchmark.Plan(catalog, tasks, methods, optionsFor);
        var groups = Enumerable.Range(0, Math.Min(workers, tasks.Count)).Select(_ => new List<LatencyTask>()).ToList();
        var load = new double[groups.Count];
        foreach (var task in tasks.OrderByDescending(t => EstimatedCost(t, optionsFor(t), methods)))
        {
            int least = Array.IndexOf(load, load.Min());
            groups[least].Add(task);
            load[least] += EstimatedCost(task, optionsFor(task), methods);
        }

        string workRoot = Path.Combine(outputDirectory, "workers");
        var processes = new List<(Process Process, string Output, List<string> Log)>();
        try
        {
            for (int w = 0; w < groups.Count; w++)
            {
                string folder = Path.Combine(workRoot, $"worker-{w}");
                Directory.CreateDirectory(folder);
                var files = groups[w].Select(t =>
                {
                    string file = Path.Combine(folder, $"{t.Space.Id()}-{t.Name}.json");
                    TaskFile.Write(file, t);
                    return file;
                }).ToList();
                var info = start(files, folder);
                info.RedirectStandardOutput = true;
                info.RedirectStandardError = true;
                info.UseShellExecute = false;
                var process = Process.Start(info) ?? throw new NasflatException($"Could not start worker {w} ({info.FileName}).");
                var log = new List<string>();
                process.OutputDataReceived += (_, e) => Receive(e.Data, log, progress);
                process.ErrorDataReceived += (_, e) => Receive(e.Data, log, null);
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                processes.Add((process, folder, log));
            }

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
                foreach (var taskRun in run.Tasks)
                {
                    finished[taskRun.Key] = taskRun;
                    taskDone?.Invoke(taskRun);
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

    private BenchmarkRun Merge(IReadOnlyList<LatencyTask> tasks, IReadOnlyList<string> methods, Dictionary<string, BenchmarkTaskRun> finished) =>
        new(environment, [.. from t in tasks from m in methods let key = $"{t.Id} {m}" where finished.ContainsKey(key) select finished[key]]);

    private static void Receive(string? line, List<string> log, IProgress<ExperimentProgress>? progress)
    {
        if (line is null) return;
        if (TryParseProgress(line, out var p)) progress?.Report(p);
        else lock (log) log.Add(line);
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
        return options.Trials * nodes * (pretrain + evaluate);
    }
}

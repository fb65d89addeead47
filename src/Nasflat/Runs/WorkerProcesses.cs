using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nasflat.Data;
using Nasflat.Reporting;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Nasflat.Native;
using Nasflat.Runs;
using Nasflat.Experiments;
using Nasflat.Sweeps;

namespace Nasflat.Runs;

/// <summary>
/// Runs a benchmark's tasks in several worker processes, each single-threaded, and merges their results into one
/// report. On a small CPU this is the fastest safe way to use every core: ops on small graph batches parallelise
/// poorly inside libtorch, and TorchSharp models must not run on several threads of one process (see
/// <see cref="Benchmark"/>). Workers report progress as tab-separated lines on standard output
/// (<see cref="FormatProgress"/>) and save every finished trial as a part of the run (<see cref="RunParts"/>), from
/// which the parent writes the report.
/// </summary>
public sealed class WorkerProcesses(DataCatalog catalog, string outputDirectory, RunEnvironment environment)
{
    private const string ProgressPrefix = "##nasflat-progress";

    /// <summary>
    /// How to start a worker that runs the given task files, each limited to its trial subset, and saves the parts into
    /// the run folder.
    /// </summary>
    public delegate ProcessStartInfo WorkerStarter(IReadOnlyList<string> taskFiles, IReadOnlyList<IReadOnlyList<int>?> trialSubsets, string runFolder);

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
    /// Splits the trials that have no part yet over <paramref name="workers"/>: every (task, trial) is one unit of
    /// estimated cost, placed longest first onto the least loaded worker, so a single task's trials also run side by
    /// side. Workers save each finished trial as a part of the run (<see cref="RunParts"/>); as soon as all parts of a
    /// task are there, it is joined and the report is rewritten. Tasks keep the caller's order in the report. When cancelled, the workers are stopped (each finishes the file it is writing), the report keeps
    /// the finished tasks, and a later run into the same folder runs only the missing trials.
    /// </summary>
    /// <param name="writeReport">False for a shard of a sweep: it saves parts only, and <c>nasflat report</c> joins the shards.</param>
    public BenchmarkRun Run(IReadOnlyList<LatencyTask> tasks, IReadOnlyList<string> methods, Func<LatencyTask, ExperimentOptions> optionsFor, int workers, WorkerStarter start,
        IProgress<ExperimentProgress>? progress = null, Action<BenchmarkTaskRun>? taskDone = null, CancellationToken cancellation = default,
        bool writeReport = true)
    {
        var plan = RunPlan.Create(catalog, tasks, methods, optionsFor);
        var planned = plan.Planned;
        var parts = new RunParts(outputDirectory);
        var units = plan.Units().Where(u => !plan.IsDone(u, parts)).ToList();
        var assigned = WorkSplit.Assign(units, Math.Max(1, Math.Min(workers, units.Count))).Where(b => b.Count > 0)
            .Select(b => b.GroupBy(u => u.Task).ToDictionary(g => g.Key, g => g.Select(u => u.Trial).ToList())).ToList();

        // Progress of each run: what the workers report for their trials, on top of the trials no worker runs again.
        var totals = new Dictionary<string, long>();
        var saved = new Dictionary<string, long>();
        var scheduled = units.Select(u => (u.Task, u.Trial)).ToHashSet();
        for (int index = 0; index < planned.Count; index++)
            foreach (var method in methods)
            {
                var (task, options) = planned[index];
                string key = Benchmark.ProgressKey(task, method);
                totals[key] = FewShotExperiment.WorkUnits(task, options);
                saved[key] = options.TrialIndices.Where(t => !scheduled.Contains((index, t)))
                    .Sum(t => FewShotExperiment.WorkUnits(task, RunParts.Unit(options, t)));
                if (saved[key] > 0) progress?.Report(new ExperimentProgress(key, "resumed", saved[key], totals[key]));
            }
        var sharedProgress = progress is null ? null : new SummedProgress(progress, totals, saved);

        var finished = new Dictionary<string, BenchmarkTaskRun>();
        void Collect()
        {
            bool changed = false;
            foreach (var (task, options) in planned)
                foreach (var method in methods)
                {
                    string key = $"{task.Id} {method}";
                    if (finished.ContainsKey(key) || parts.Join(task, method, options) is not { } whole) continue;
                    finished[key] = whole;
                    changed = true;
                    taskDone?.Invoke(whole);
                }
            if (changed && writeReport) BenchmarkReport.Write(outputDirectory, Merge(tasks, methods, finished));
        }
        Collect();

        // Learned encodings train once, here, rather than in every worker that needs them at the same time.
        if (assigned.Count > 1)
            foreach (var space in planned.GroupBy(p => p.Task.Space))
                Encodings.FeatureCatalog.PrepareCached(catalog.Space(space.Key), space.SelectMany(p => FeatureSetsOf(p.Options)));

        string workRoot = Path.Combine(outputDirectory, "workers");
        var jobs = new List<Processes.WorkerPool.Job>();
        for (int w = 0; w < assigned.Count; w++)
        {
            string folder = Path.Combine(workRoot, $"worker-{w}");
            Directory.CreateDirectory(folder);
            var files = new List<string>();
            var subsets = new List<IReadOnlyList<int>?>();
            foreach (var (index, trials) in assigned[w].OrderBy(a => a.Key))
            {
                string file = Path.Combine(folder, $"{planned[index].Task.Space.Id()}-{planned[index].Task.Name}.json");
                TaskFile.Write(file, planned[index].Task);
                files.Add(file);
                subsets.Add(trials.Order().ToList());
            }
            int worker = w;
            jobs.Add(new($"bench worker {w}", start(files, subsets, outputDirectory), line =>
            {
                if (!TryParseProgress(line, out var p)) return false;
                sharedProgress?.Report(worker, p);
                return true;
            }));
        }
        try
        {
            // Tasks are joined and reported as their last part lands, not only when a worker ends.
            Processes.WorkerPool.Run(jobs, cancellation, Collect);
            return Merge(tasks, methods, finished);
        }
        finally
        {
            // Stopped workers have finished the part they were writing; whatever finished is in the report.
            if (cancellation.IsCancellationRequested) Collect();
        }
    }

    private BenchmarkRun Merge(IReadOnlyList<LatencyTask> tasks, IReadOnlyList<string> methods, Dictionary<string, BenchmarkTaskRun> finished) =>
        new(environment, [.. from t in tasks from m in methods let key = $"{t.Id} {m}" where finished.ContainsKey(key) select finished[key]]);

    /// <summary>Adds up the progress that several workers report for parts of the same run.</summary>
    private sealed class SummedProgress(IProgress<ExperimentProgress> inner, IReadOnlyDictionary<string, long> totals, IReadOnlyDictionary<string, long> saved)
    {
        private readonly Dictionary<(int Worker, string Task), long> _done = [];

        public void Report(int worker, ExperimentProgress part)
        {
            long done;
            lock (_done)
            {
                _done[(worker, part.Task)] = part.Done;
                done = saved.GetValueOrDefault(part.Task) + _done.Where(d => d.Key.Task == part.Task).Sum(d => d.Value);
            }
            inner.Report(part with { Done = done, Total = totals.GetValueOrDefault(part.Task, part.Total) });
        }
    }

    private static IEnumerable<string> FeatureSetsOf(ExperimentOptions options) =>
        new[] { options.TransferSampler, options.SmallSampleSampler, options.PretrainSampler }.OfType<string>()
            .Select(Sampling.SamplerFactory.FeatureSetOf).Prepend(options.Supplementary).OfType<string>();
}

using Nasflat.Baselines;
using Nasflat.Data;
using Nasflat.Reporting;
using Nasflat.Tasks;
using Nasflat.Training;
using Nasflat.Native;
using Nasflat.Experiments;

namespace Nasflat.Runs;

/// <summary>
/// Runs several tasks one after another, trial by trial. Each finished trial is saved as a part of the run
/// (<see cref="RunParts"/>) and the report is rewritten after each task, so an interrupted benchmark keeps every
/// finished trial (all files are replaced atomically) and the same command with the same output folder resumes it.
/// </summary>
/// <remarks>
/// Tasks and trials run in one thread each, with libtorch parallelising inside ops. Running models on several .NET
/// threads at once is not safe with TorchSharp 0.107: scalars it converts implicitly can be finalised by a garbage
/// collection another thread triggers while a native call still uses them (seen as "Unknown scalar type" crashes).
/// </remarks>
public static class Benchmark
{
    /// <param name="writeReport">False in a worker process: it only saves parts, and its parent writes the report.</param>
    public static BenchmarkRun Run(
        DataCatalog catalog,
        IReadOnlyList<LatencyTask> tasks,
        IReadOnlyList<string> methods,
        Func<LatencyTask, ExperimentOptions> optionsFor,
        string outputDirectory,
        RunEnvironment environment,
        IProgress<ExperimentProgress>? progress = null,
        Action<BenchmarkTaskRun>? taskDone = null,
        CancellationToken cancellation = default,
        bool writeReport = true)
    {
        var planned = Plan(catalog, tasks, methods, optionsFor);
        var parts = new RunParts(outputDirectory);
        var finished = new List<BenchmarkTaskRun>();
        foreach (var (task, options) in planned)
            foreach (var method in methods)
            {
                // Progress of the whole task: trials already saved count as done.
                string key = ProgressKey(task, method);
                long total = FewShotExperiment.WorkUnits(task, options), offset = 0;
                var trialRuns = new List<BenchmarkTaskRun>();
                foreach (int trial in options.TrialIndices)
                {
                    var unit = RunParts.Unit(options, trial);
                    var part = parts.Find(task, method, options, trial);
                    if (part is null)
                    {
                        long start = offset;
                        var shifted = progress is null ? null : new ShiftedProgress(progress, p => p with { Done = start + p.Done, Total = total });
                        part = RunOne(catalog.Space(task.Space), task, method, unit, shifted, cancellation);
                        parts.Write(part);
                    }
                    offset += FewShotExperiment.WorkUnits(task, unit);
                    progress?.Report(new ExperimentProgress(key, $"trial {trial + 1}/{options.Trials} done", offset, total));
                    trialRuns.Add(part);
                }
                if (!writeReport) continue;
                var run = RunParts.JoinTrials(trialRuns, options);
                finished.Add(run);
                BenchmarkReport.Write(outputDirectory, new BenchmarkRun(environment, finished));
                taskDone?.Invoke(run);
            }
        return new BenchmarkRun(environment, finished);
    }

    /// <summary>
    /// Resolves and checks every task, its options and every method before anything runs, so a bad task, option or
    /// method fails before hours of work, not after (in this process, not in a worker).
    /// </summary>
    public static List<(LatencyTask Task, ExperimentOptions Options)> Plan(DataCatalog catalog, IReadOnlyList<LatencyTask> tasks,
        IReadOnlyList<string> methods, Func<LatencyTask, ExperimentOptions> optionsFor) => tasks.Select(task =>
        {
            var options = optionsFor(task);
            options.Validate();
            task.Validate(catalog.Space(task.Space).Latency);
            foreach (var method in methods) FewShotMethods.CheckSupported(method, options);
            return (task, options);
        }).ToList();

    /// <summary>One method on one task, through the harness.</summary>
    public static BenchmarkTaskRun RunOne(SpaceData data, LatencyTask task, string method, ExperimentOptions options,
        IProgress<ExperimentProgress>? progress = null, CancellationToken cancellation = default) =>
        new(task, options, new FewShotExperiment(data, options, method).Run(task, progress, cancellation), method);

    /// <summary>Progress label of a method's run on a task (what <see cref="ExperimentProgress.Task"/> carries).</summary>
    public static string ProgressKey(LatencyTask task, string method) => method == FewShotMethods.Nasflat ? task.Id : $"{task.Id} {method}";

    private sealed class ShiftedProgress(IProgress<ExperimentProgress> inner, Func<ExperimentProgress, ExperimentProgress> shift) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => inner.Report(shift(value));
    }
}

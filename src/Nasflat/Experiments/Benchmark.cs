using Nasflat.Baselines;
using Nasflat.Data;
using Nasflat.Reporting;
using Nasflat.Tasks;
using Nasflat.Training;

namespace Nasflat.Experiments;

/// <summary>
/// Runs several tasks one after another and rewrites the report after each, so an interrupted benchmark keeps every
/// finished task (all files are replaced atomically).
/// </summary>
/// <remarks>
/// Tasks and trials run in one thread each, with libtorch parallelising inside ops. Running models on several .NET
/// threads at once is not safe with TorchSharp 0.107: scalars it converts implicitly can be finalised by a garbage
/// collection another thread triggers while a native call still uses them (seen as "Unknown scalar type" crashes).
/// </remarks>
public static class Benchmark
{
    public static BenchmarkRun Run(
        DataCatalog catalog,
        IReadOnlyList<LatencyTask> tasks,
        IReadOnlyList<string> methods,
        Func<LatencyTask, ExperimentOptions> optionsFor,
        string outputDirectory,
        RunEnvironment environment,
        IProgress<ExperimentProgress>? progress = null,
        Action<BenchmarkTaskRun>? taskDone = null,
        CancellationToken cancellation = default)
    {
        var planned = Plan(catalog, tasks, methods, optionsFor);
        var finished = new List<BenchmarkTaskRun>();
        foreach (var (task, options) in planned)
            foreach (var method in methods)
            {
                var run = RunOne(catalog.Space(task.Space), task, method, options, progress, cancellation);
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
            foreach (var method in methods) CheckSupported(method, options);
            return (task, options);
        }).ToList();

    /// <summary>One method on one task: NASFLAT through its transfer experiment, a baseline through the method harness.</summary>
    public static BenchmarkTaskRun RunOne(SpaceData data, LatencyTask task, string method, ExperimentOptions options,
        IProgress<ExperimentProgress>? progress = null, CancellationToken cancellation = default)
    {
        CheckSupported(method, options);
        var result = method == FewShotMethods.Nasflat
            ? new TransferExperiment(data, options).Run(task, progress, cancellation)
            : new MethodExperiment(data, options, method).Run(task, progress, cancellation);
        return new BenchmarkTaskRun(task, options, result, method);
    }

    private static void CheckSupported(string method, ExperimentOptions options)
    {
        if (method == FewShotMethods.Nasflat && options.Protocol != EvaluationProtocol.Nasflat)
            throw new NasflatException($"NASFLAT's predictor runs under its own protocol only; drop --protocol {options.Protocol.ToString().ToLowerInvariant()} or run the baselines alone.");
    }

    /// <summary>Progress label of a method's run on a task (what <see cref="ExperimentProgress.Task"/> carries).</summary>
    public static string ProgressKey(LatencyTask task, string method) => method == FewShotMethods.Nasflat ? task.Id : $"{task.Id} {method}";

    public static long WorkUnits(LatencyTask task, ExperimentOptions options, string method = FewShotMethods.Nasflat) => method == FewShotMethods.Nasflat
        ? options.TrialIndices.Count * (options.Training.PretrainEpochs + (long)task.Test.Length * options.K.Count * options.Training.TransferEpochs)
        : MethodExperiment.WorkUnits(task, options);
}

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
        Func<LatencyTask, ExperimentOptions> optionsFor,
        string outputDirectory,
        RunEnvironment environment,
        IProgress<ExperimentProgress>? progress = null,
        Action<BenchmarkTaskRun>? taskDone = null,
        CancellationToken cancellation = default)
    {
        // Resolve everything first, so a bad task or option fails before hours of work, not after.
        var planned = tasks.Select(task =>
        {
            var options = optionsFor(task);
            options.Validate();
            task.Validate(catalog.Space(task.Space).Latency);
            return (Task: task, Options: options);
        }).ToList();

        var finished = new List<BenchmarkTaskRun>();
        foreach (var (task, options) in planned)
        {
            var result = new TransferExperiment(catalog.Space(task.Space), options).Run(task, progress, cancellation);
            var run = new BenchmarkTaskRun(task, options, result);
            finished.Add(run);
            BenchmarkReport.Write(outputDirectory, new BenchmarkRun(environment, finished));
            taskDone?.Invoke(run);
        }
        return new BenchmarkRun(environment, finished);
    }

    public static long WorkUnits(LatencyTask task, ExperimentOptions options) =>
        options.Trials * (options.Training.PretrainEpochs + (long)task.Test.Length * options.K.Count * options.Training.TransferEpochs);
}

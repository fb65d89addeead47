using Nasflat.Data;
using Nasflat.Reporting;
using Nasflat.Tasks;
using Nasflat.Training;

namespace Nasflat.Experiments;

/// <summary>
/// Runs several tasks and rewrites the report after each, so an interrupted benchmark keeps every finished task
/// (all files are replaced atomically). With several workers, whole tasks run concurrently, the longest first,
/// each on its share of the cores; a single task instead spreads its trials over the workers.
/// </summary>
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
        var planned = tasks.Select((task, order) =>
        {
            var options = optionsFor(task);
            options.Validate();
            task.Validate(catalog.Space(task.Space).Latency);
            return (Task: task, Options: options, Order: order);
        }).ToList();

        int workers = planned.Count == 1 ? 1 : Math.Clamp(planned.Max(p => p.Options.Workers), 1, planned.Count);
        if (workers > 1) planned = [.. planned.Select(p => p with { Options = p.Options with { Workers = 1 } })];
        var schedule = planned.OrderByDescending(p => EstimatedCost(catalog, p.Task, p.Options)).ToList();

        var finished = new List<(int Order, BenchmarkTaskRun Run)>();
        var gate = new Lock();
        Concurrently.For(schedule.Count, workers, i =>
        {
            if (workers > 1) TorchThreads.UseShare(workers);
            var (task, options, order) = schedule[i];
            var result = new TransferExperiment(catalog.Space(task.Space), options).Run(task, progress, cancellation);
            var run = new BenchmarkTaskRun(task, options, result);
            lock (gate)
            {
                finished.Add((order, run));
                BenchmarkReport.Write(outputDirectory, new BenchmarkRun(environment, [.. finished.OrderBy(f => f.Order).Select(f => f.Run)]));
                taskDone?.Invoke(run);
            }
        }, cancellation);
        return new BenchmarkRun(environment, [.. finished.OrderBy(f => f.Order).Select(f => f.Run)]);
    }

    public static long WorkUnits(LatencyTask task, ExperimentOptions options) =>
        options.Trials * (options.Training.PretrainEpochs + (long)task.Test.Length * options.K.Count * options.Training.TransferEpochs);

    /// <summary>A rough cost for scheduling: graphs × nodes processed in pretraining and in whole-space evaluations.</summary>
    private static double EstimatedCost(DataCatalog catalog, LatencyTask task, ExperimentOptions options)
    {
        var data = catalog.Space(task.Space);
        double nodes = data.Graph(0).NodeCount;
        double pretrain = 3.0 * options.Training.PretrainEpochs * options.PretrainSamplesPerDevice * task.Train.Length;
        double evaluate = (double)task.Test.Length * options.K.Count * options.Training.EvaluationEpochs * data.ArchitectureCount;
        return options.Trials * nodes * (pretrain + evaluate);
    }
}

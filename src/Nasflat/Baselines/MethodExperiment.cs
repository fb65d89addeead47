using System.Diagnostics;
using Nasflat.Data;
using Nasflat.Evaluation;
using Nasflat.Experiments;
using Nasflat.Sampling;
using Nasflat.Tasks;

namespace Nasflat.Baselines;

/// <summary>
/// Runs one baseline on a task with the same trials, target samples and metrics as NASFLAT's
/// <see cref="TransferExperiment"/>: per trial the method learns from the sources, then for every k and target device it
/// sees the k samples <see cref="TransferSamples"/> draws and scores the protocol's evaluated architectures.
/// </summary>
public sealed class MethodExperiment(SpaceData data, ExperimentOptions options, string method)
{
    /// <summary>Progress units of a run: one per trial and k for learning from sources, one per prediction.</summary>
    public static long WorkUnits(LatencyTask task, ExperimentOptions options) => options.Trials * (long)options.K.Count * (1 + task.Test.Length);

    public TaskResult Run(LatencyTask task, IProgress<ExperimentProgress>? progress = null, CancellationToken cancellation = default)
    {
        task.Validate(data.Latency);
        Native.TorchRuntime.EnsureLoaded();
        var total = Stopwatch.StartNew();
        var latency = data.Latency;
        var sources = task.Train.Select(latency.IndexOf).ToArray();
        var split = EvaluationSplit.For(options.Protocol, data);
        var samplers = new SamplerFactory(data);
        string label = Benchmark.ProgressKey(task, method);
        long units = WorkUnits(task, options), done = 0;
        double prepareSeconds = 0;
        var results = new List<TrialResult>();

        for (int trial = 0; trial < options.Trials; trial++)
        {
            using var instance = FewShotMethods.Create(method, options.Baselines);
            var context = new MethodContext(data, options, task.Id, trial, sources, split);
            foreach (int k in options.K)
            {
                cancellation.ThrowIfCancellationRequested();
                var prepare = Stopwatch.StartNew();
                instance.Prepare(context, k, cancellation);
                prepareSeconds += prepare.Elapsed.TotalSeconds;
                progress?.Report(new ExperimentProgress(label, $"trial {trial + 1}/{options.Trials}: learning from sources (k={k})", ++done, units));
                foreach (var device in task.Test)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var watch = Stopwatch.StartNew();
                    int target = latency.IndexOf(device);
                    var evaluated = split.Evaluated(target);
                    var (sample, random) = TransferSamples.Draw(samplers, options, task.Id, trial, device, k, split.Pool(target));
                    var scores = instance.Predict(context, target, sample, evaluated, random);
                    var sampled = sample.ToHashSet();
                    var truth = evaluated.Select(a => latency.Column(target)[a]).ToArray();
                    var isSample = evaluated.Select(a => split.SamplesEvaluated && sampled.Contains(a)).ToArray();
                    var metrics = TransferMetrics.Compute(scores, truth, isSample);
                    results.Add(new TrialResult(task.Id, device, k, trial, metrics, null, evaluated.Count, watch.Elapsed.TotalSeconds));
                    progress?.Report(new ExperimentProgress(label, $"trial {trial + 1}/{options.Trials}: {device} k={k}", ++done, units));
                }
            }
        }
        return new TaskResult(task.Id, results, prepareSeconds, total.Elapsed.TotalSeconds);
    }
}

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
    /// <summary>Synchronous progress: <see cref="System.Progress{T}"/> would post to the thread pool, out of order.</summary>
    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    /// <summary>Progress units given to learning from the sources, once per trial and k (it can take minutes).</summary>
    private const int PrepareUnits = 20;

    /// <summary>Progress units of a run: learning from sources once per trial and k, and one per prediction.</summary>
    public static long WorkUnits(LatencyTask task, ExperimentOptions options) => options.TrialIndices.Count * (long)options.K.Count * (PrepareUnits + task.Test.Length);

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

        foreach (int trial in options.TrialIndices)
        {
            using var instance = FewShotMethods.Create(method, options.Baselines);
            var context = new MethodContext(data, options, task.Id, trial, sources, split);
            foreach (int k in options.K)
            {
                cancellation.ThrowIfCancellationRequested();
                var prepare = Stopwatch.StartNew();
                string stage = $"trial {trial + 1}/{options.Trials}: learning from sources (k={k})";
                long start = done;
                instance.Prepare(context, k, new Progress(fraction =>
                    progress?.Report(new ExperimentProgress(label, stage, start + (long)(fraction * PrepareUnits), units))), cancellation);
                prepareSeconds += prepare.Elapsed.TotalSeconds;
                done = start + PrepareUnits;
                progress?.Report(new ExperimentProgress(label, stage, done, units));
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

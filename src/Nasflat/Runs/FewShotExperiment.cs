using System.Diagnostics;
using Nasflat.Data;
using Nasflat.Evaluation;
using Nasflat.Experiments;
using Nasflat.Methods;
using Nasflat.Priors;
using Nasflat.Sampling;
using Nasflat.Tasks;

namespace Nasflat.Runs;

/// <summary>
/// The one harness every method runs through: per trial a method learns from the task's sources (for each k), then
/// for every k and target device it sees the k samples <see cref="TransferSamples"/> draws, and its scores are
/// compared with the device's measured latencies on the protocol's architectures. All methods therefore see the same
/// samples and are scored on the same architectures for the same seed.
/// </summary>
/// <remarks>
/// Missing measurements (LatBench devices lack 341+ cells) follow one rule: a target's k samples are drawn from, and its
/// metrics computed over, the architectures measured on that target (what the protocol's sets give). Every random
/// choice derives from <see cref="ExperimentOptions.Seed"/> through the task, trial, device and k, so a run is
/// reproducible for the same seed and thread count and does not depend on what ran before it.
/// </remarks>
public sealed class FewShotExperiment(SpaceData data, ExperimentOptions options, string method = FewShotMethods.Nasflat)
{
    /// <summary>Synchronous progress: <see cref="System.Progress{T}"/> would post to the thread pool, out of order.</summary>
    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    /// <summary>Progress units given to learning from the sources, once per trial and k (it can take minutes).</summary>
    private const int PrepareUnits = 20;

    /// <summary>Progress units of a run: learning from the sources once per trial and k, and one per target device.</summary>
    public static long WorkUnits(LatencyTask task, ExperimentOptions options) => options.TrialIndices.Count * (long)options.K.Count * (PrepareUnits + task.Test.Length);

    public TaskResult Run(LatencyTask task, IProgress<ExperimentProgress>? progress = null, CancellationToken cancellation = default)
    {
        task.Validate(data.Latency);
        options.Validate();
        FewShotMethods.CheckSupported(method, options);
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
            using var instance = FewShotMethods.Create(method, options);
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
                    var prediction = instance.Predict(context, new TargetQuery(target, k, sample, evaluated, random), cancellation);
                    results.Add(Score(task.Id, device, k, trial, prediction, target, sample, evaluated, split, watch));
                    progress?.Report(new ExperimentProgress(label, $"trial {trial + 1}/{options.Trials}: {device} k={k}", ++done, units));
                }
            }
        }
        return new TaskResult(task.Id, results, prepareSeconds, total.Elapsed.TotalSeconds);
    }

    /// <summary>A prediction's metrics (the mean over its snapshots) against the device's measured latencies.</summary>
    private TrialResult Score(string taskId, string device, int k, int trial, MethodPrediction prediction, int target, IReadOnlyList<int> sample,
        IReadOnlyList<int> evaluated, EvaluationSplit split, Stopwatch watch)
    {
        var sampled = sample.ToHashSet();
        var truth = evaluated.Select(a => data.Latency.Column(target)[a]).ToArray();
        var isSample = evaluated.Select(a => split.SamplesEvaluated && sampled.Contains(a)).ToArray();
        TransferMetrics Mean(IReadOnlyList<float[]> snapshots) => TransferMetrics.Mean(snapshots.Select(s => TransferMetrics.Compute(s, truth, isSample)).ToList());
        var prior = prediction.Prior is not { } p ? null : new PriorOutcome(p.Weight, p.LeaveOneOutRho, p.PredictorCrossValidatedRho,
            Mean(p.PredictorSnapshots).Spearman, TransferMetrics.Compute(p.PriorScores, truth, isSample).Spearman, p.Source);
        var mean = Enumerable.Range(0, evaluated.Count).Select(i => prediction.Snapshots.Average(s => (double)s[i])).ToArray();
        return new TrialResult(taskId, device, k, trial, Mean(prediction.Snapshots), prediction.InitializedFrom, evaluated.Count, watch.Elapsed.TotalSeconds, prior,
            Calibrated(mean, truth, isSample, CalibrationMethod.Auto), Calibrated(mean, truth, isSample, CalibrationMethod.Isotonic), prediction.Partner);
    }

    /// <summary>
    /// Mean scores mapped to milliseconds through the samples' measurements and scored on the other architectures;
    /// null when fewer than 3 samples are among the evaluated ones (HELP's protocol scores elsewhere).
    /// </summary>
    private static CalibratedAccuracy? Calibrated(double[] scores, double[] truth, bool[] isSample, CalibrationMethod method)
    {
        var samples = Enumerable.Range(0, scores.Length).Where(i => isSample[i]).ToArray();
        var others = Enumerable.Range(0, scores.Length).Where(i => !isSample[i]).ToArray();
        if (samples.Length < 3 || others.Length == 0) return null;
        var calibration = LatencyCalibration.Fit(samples.Select(i => scores[i]).ToArray(), samples.Select(i => truth[i]).ToArray(), scores, method);
        return CalibratedAccuracy.Compute(others.Select(i => calibration.Milliseconds(scores[i])).ToArray(), others.Select(i => truth[i]).ToArray());
    }
}

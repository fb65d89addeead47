using System.Diagnostics;
using Nasflat.Data;
using Nasflat.Evaluation;
using Nasflat.Sampling;
using Nasflat.Tasks;
using Nasflat.Training;

namespace Nasflat.Experiments;

/// <summary>Progress of a running experiment, in work units (one unit = one training epoch).</summary>
public readonly record struct ExperimentProgress(string Task, string Stage, long Done, long Total);

/// <summary>
/// Runs a few-shot transfer task: per trial, pretrain one predictor on the source devices, then for every target
/// device and k, fine-tune a copy on k sampled measurements and evaluate it over the device's measured architectures.
/// </summary>
/// <remarks>
/// Missing measurements (LatBench devices lack 341+ cells) follow one rule: the shared pretraining set is drawn from
/// architectures measured on every source device; a target's k samples are drawn from, and its metrics computed over,
/// the architectures measured on that target.
/// Every random choice derives from <see cref="ExperimentOptions.Seed"/> through the task, trial, device and k, and
/// every model owns its dropout generator, so a run is reproducible for the same seed and thread count, and does not
/// depend on what ran before it.
/// </remarks>
public sealed class TransferExperiment(SpaceData data, ExperimentOptions options)
{
    private long _done;

    public TaskResult Run(LatencyTask task, IProgress<ExperimentProgress>? progress = null, CancellationToken cancellation = default)
    {
        task.Validate(data.Latency);
        var total = Stopwatch.StartNew();
        using var learner = new TransferLearner(data, options);
        var sources = task.Train.Select(data.Latency.IndexOf).ToArray();
        long units = Benchmark.WorkUnits(task, options);
        _done = 0;

        var trials = new List<(List<TrialResult> Results, double PretrainSeconds)>();
        foreach (int trial in options.TrialIndices)
        {
            cancellation.ThrowIfCancellationRequested();
            trials.Add(RunTrial(learner, task, sources, trial, what =>
                progress?.Report(new ExperimentProgress(task.Id, what, ++_done, units)), cancellation));
        }
        return new TaskResult(task.Id, trials.SelectMany(t => t.Results).ToList(), trials.Sum(t => t.PretrainSeconds), total.Elapsed.TotalSeconds);
    }

    private (List<TrialResult>, double) RunTrial(TransferLearner learner, LatencyTask task, int[] sources, int trial,
        Action<string> tick, CancellationToken cancellation)
    {
        var latency = data.Latency;
        var samplers = new SamplerFactory(data);
        string stage = $"trial {trial + 1}/{options.Trials}";

        var pretrainWatch = Stopwatch.StartNew();
        var random = Seeds.Random(options.Seed, task.Id, "trial", trial, "pretrain");
        using var model = learner.PretrainOnSources(sources, Seeds.Derive(options.Seed, task.Id, "trial", trial, "init"), random,
            _ => tick($"{stage}: pretraining"), cancellation);
        using var pretrained = WeightSnapshot.Of(model);
        double pretrainSeconds = pretrainWatch.Elapsed.TotalSeconds;

        var results = new List<TrialResult>();
        foreach (var device in task.Test)
        {
            int target = latency.IndexOf(device);
            var candidates = latency.MeasuredArchitectures(target);
            var truth = candidates.Select(a => latency.Column(target)[a]).ToArray();
            foreach (int k in options.K)
            {
                var watch = Stopwatch.StartNew();
                var (sample, transferRandom) = TransferSamples.Draw(samplers, options, task.Id, trial, device, k, candidates);
                var sampleSet = sample.ToHashSet();
                var isSample = candidates.Select(sampleSet.Contains).ToArray();
                var prior = learner.FitPrior(target, sample, candidates, () => learner.CrossValidatedRho(model, pretrained.RestoreInto,
                    target, sample, sources, Seeds.Derive(options.Seed, task.Id, "trial", trial, device, k, "cross-validation"), cancellation: cancellation));
                var evaluations = new List<TransferMetrics>();
                var predictorOnly = new List<TransferMetrics>();
                int epochs = options.Training.TransferEpochs;

                pretrained.RestoreInto(model);
                string? source = learner.FineTune(model, target, sample, sources, Seeds.Derive(options.Seed, task.Id, "trial", trial, device, k, "dropout"),
                    transferRandom, epoch =>
                    {
                        if (epoch >= epochs - options.Training.EvaluationEpochs)
                        {
                            var scores = learner.Predict(model, candidates, target);
                            evaluations.Add(TransferMetrics.Compute(prior?.Blend(scores) ?? scores, truth, isSample));
                            if (prior is not null) predictorOnly.Add(TransferMetrics.Compute(scores, truth, isSample));
                        }
                        tick($"{stage}: {device} k={k}");
                    }, cancellation);
                var outcome = prior is null ? null : new PriorOutcome(prior.Weight, prior.LeaveOneOutRho, prior.PredictorRho,
                    TransferMetrics.Mean(predictorOnly).Spearman, TransferMetrics.Compute(prior.Scores, truth, isSample).Spearman);
                results.Add(new TrialResult(task.Id, device, k, trial, TransferMetrics.Mean(evaluations), source, candidates.Length, watch.Elapsed.TotalSeconds, outcome));
            }
        }
        return (results, pretrainSeconds);
    }
}

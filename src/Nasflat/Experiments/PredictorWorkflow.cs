using Nasflat.Data;
using Nasflat.Evaluation;
using Nasflat.Sampling;
using Nasflat.Tasks;
using Nasflat.Training;

namespace Nasflat.Experiments;

/// <summary>A predictor's scores for every measured-or-not architecture on one device, with quality when the truth is known.</summary>
public sealed record DevicePrediction(string Device, IReadOnlyList<int> Architectures, float[] Scores, IReadOnlyList<int> Samples,
    string? InitializedFrom, TransferMetrics? Metrics);

/// <summary>
/// The two user-facing steps of few-shot prediction: pretrain on known devices and save the predictor; later load
/// it, adapt it to one device from k measurements, and score the whole space.
/// </summary>
public static class PredictorWorkflow
{
    /// <summary>Pretrains on the task's source devices (its first trial's pretraining set) and saves the predictor.</summary>
    public static PredictorCheckpoint Pretrain(SpaceData data, LatencyTask task, ExperimentOptions options, string path,
        Action<int>? afterEpoch = null, CancellationToken cancellation = default)
    {
        task.Validate(data.Latency);
        using var learner = new TransferLearner(data, options);
        var sources = task.Train.Select(data.Latency.IndexOf).ToArray();
        var random = Seeds.Random(options.Seed, task.Id, "trial", 0, "pretrain");
        using var model = learner.PretrainOnSources(sources, Seeds.Derive(options.Seed, task.Id, "trial", 0, "init"), random, afterEpoch, cancellation);
        return PredictorCheckpoint.Save(path, model, data.Space, data.Latency.Devices.Select(d => d.Name).ToList(), task.Train, options.Supplementary);
    }

    /// <summary>
    /// Loads a saved predictor, fine-tunes it on k sampled measurements of <paramref name="device"/>, and scores every
    /// architecture of the space. When the device's latencies are known beyond the samples, the metrics are reported.
    /// </summary>
    public static DevicePrediction Adapt(SpaceData data, string modelPath, string device, int k, ExperimentOptions options,
        Action<int>? afterEpoch = null, CancellationToken cancellation = default)
    {
        var (model, checkpoint) = PredictorCheckpoint.Load(modelPath);
        using (model)
        {
            if (checkpoint.Space != data.Space)
                throw new NasflatException($"'{modelPath}' is a {checkpoint.Space} predictor; the device is in {data.Space}.");
            int target = data.Latency.IndexOf(device);
            CheckRows(data, checkpoint, modelPath, target);
            options = options with { Predictor = checkpoint.Options, Supplementary = checkpoint.Supplementary };
            using var learner = new TransferLearner(data, options);
            var measured = data.Latency.MeasuredArchitectures(target);
            var random = Seeds.Random(options.Seed, "adapt", device, k);
            var sample = new SamplerFactory(data).Create(options.TransferSampler, device).Sample(measured, k, random);
            var sources = checkpoint.Sources.Select(data.Latency.IndexOf).ToList();
            string? source = learner.FineTune(model, target, sample, sources, Seeds.Derive(options.Seed, "adapt", device, k, "dropout"),
                random, afterEpoch, cancellation);

            var all = Enumerable.Range(0, data.ArchitectureCount).ToList();
            var scores = learner.Predict(model, all, target);
            TransferMetrics? metrics = null;
            if (measured.Length > sample.Count)
            {
                var sampleSet = sample.ToHashSet();
                metrics = TransferMetrics.Compute(measured.Select(a => scores[a]).ToArray(),
                    measured.Select(a => data.Latency.Column(target)[a]).ToArray(), measured.Select(sampleSet.Contains).ToArray());
            }
            return new DevicePrediction(device, all, scores, sample, source, metrics);
        }
    }

    private static void CheckRows(SpaceData data, PredictorCheckpoint checkpoint, string path, int target)
    {
        // Embedding rows are device positions in the data; a data directory with other devices shifts them.
        for (int i = 0; i < Math.Min(checkpoint.Devices.Count, data.Latency.Devices.Count); i++)
            if (checkpoint.Devices[i] != data.Latency.Devices[i].Name)
                throw new NasflatException($"'{path}' was trained with device '{checkpoint.Devices[i]}' at row {i}, but this data has " +
                    $"'{data.Latency.Devices[i].Name}' there. Use the data directory it was trained with, or pretrain again.");
        if (target >= checkpoint.Options.DeviceVocabulary)
            throw new NasflatException($"Device row {target} exceeds the predictor's {checkpoint.Options.DeviceVocabulary} embedding rows.");
    }
}

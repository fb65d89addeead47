using Nasflat.Data;
using Nasflat.Evaluation;
using Nasflat.Search;
using Nasflat.Tasks;
using Nasflat.Training;
using Nasflat.Priors;
using Nasflat.Experiments;

namespace Nasflat.Prediction;

/// <summary>A known device that resembles the predicted one, by Spearman ρ over the architectures both measured.</summary>
public sealed record SimilarDevice(string Device, double Rho, int SharedArchitectures);

/// <summary>
/// A predictor's view of one device after adapting to its measurements: a score and a calibrated latency for every
/// architecture, the most similar known devices, and where to measure next.
/// </summary>
/// <param name="Uncertainty">Per architecture, the spread of its rank (0..1) across the ensemble of transferred models.</param>
/// <param name="Metrics">Quality against the device's other measurements, when it has any beyond the samples.</param>
/// <param name="Prior">The prior blended into the scores (which one, its held-out ρ on the samples, its weight), if any.</param>
public sealed record DevicePrediction(
    string Device, IReadOnlyList<int> Samples, float[] Scores, double[] PredictedMs, double[] Uncertainty,
    IReadOnlyList<SimilarDevice> Similar, IReadOnlyList<int> NextToMeasure, string? InitializedFrom, TransferMetrics? Metrics,
    FittedPrior? Prior = null)
{
    /// <summary>ρ of the scores and MAPE of the calibrated milliseconds against a device's measurements (the samples excluded).</summary>
    public (double Rho, double Mape, int Count) CompareWith(LatencyMatrix latency, string device)
    {
        var samples = Samples.ToHashSet();
        var archs = latency.MeasuredArchitectures(latency.IndexOf(device)).Where(a => !samples.Contains(a)).ToArray();
        if (archs.Length < 2) throw new NasflatException($"'{device}' has fewer than 2 measurements outside the samples to compare with.");
        var truth = archs.Select(a => latency.Column(device)[a]).ToArray();
        return (RankCorrelation.Spearman(archs.Select(a => (double)Scores[a]).ToArray(), truth),
            RegressionError.MeanAbsolutePercentageError(archs.Select(a => PredictedMs[a]).ToArray(), truth), archs.Length);
    }

    /// <summary>Writes every architecture's prediction (and its measurement, where the device has one) atomically as CSV.</summary>
    public void WriteCsv(string path, SpaceData data)
    {
        var csv = new Nasflat.IO.CsvText("index", "architecture", "predicted_ms", "score", "uncertainty", "measured_ms", "sampled");
        var sampled = Samples.ToHashSet();
        for (int i = 0; i < data.ArchitectureCount; i++)
            csv.Add(i, data.ArchitectureText(i), PredictedMs[i], Scores[i], Uncertainty[i], data.Latency.Latency(i, Device), sampled.Contains(i) ? 1 : 0);
        IO.AtomicFile.WriteAllText(path, csv.ToString());
    }
}

/// <summary>
/// The user-facing steps of few-shot prediction: pretrain on known devices and save the predictor (or reuse a cached
/// one); later load it, adapt it to a device from its measurements, and predict the whole space.
/// </summary>
public static class PredictorWorkflow
{
    /// <summary>Pretrains on the task's source devices (its first trial's pretraining set) and saves the predictor.</summary>
    public static PredictorCheckpoint Pretrain(SpaceData data, LatencyTask task, ExperimentOptions options, string path,
        Action<int>? afterEpoch = null, CancellationToken cancellation = default)
    {
        // Only the sources matter here: a pretraining task may have no test devices.
        if (task.Train.IsEmpty) throw new NasflatException($"Task {task.Id} has no train devices to pretrain on.");
        using var learner = new TransferLearner(data, options);
        var sources = task.Train.Select(data.Latency.IndexOf).ToArray();
        var random = Seeds.Random(options.Seed, task.Id, "trial", 0, "pretrain");
        using var model = learner.PretrainOnSources(sources, Seeds.Derive(options.Seed, task.Id, "trial", 0, "init"), random, afterEpoch, cancellation);
        return PredictorCheckpoint.Save(path, model, data.Space, data.Latency.Devices.Select(d => d.Name).ToList(), task.Train, options.Supplementary);
    }

    /// <summary>
    /// A predictor pretrained on every device of the paper's pool of the space with the given options, from the cache
    /// when an identical one (same <see cref="ShippedPredictors.RecipeKey"/>) was trained before, else trained now and
    /// cached. Devices a user adds sit after the shipped ones, so they never invalidate it. <c>predict</c> uses it
    /// when its options ask for another recipe than the shipped predictor's.
    /// </summary>
    public static string Cached(SpaceData data, ExperimentOptions options, string cacheDirectory, Action<int>? afterEpoch = null, CancellationToken cancellation = default)
    {
        string path = Path.Combine(cacheDirectory, $"{Spaces.SearchSpaceKindExtensions.Id(data.Space)}-all-{ShippedPredictors.RecipeKey(data, options)}.nfp");
        if (File.Exists(path))
        {
            try
            {
                PredictorCheckpoint.Load(path).Model.Dispose();
                return path;
            }
            catch (NasflatException)
            {
                File.Delete(path); // corrupt or foreign: train again
            }
        }
        Pretrain(data, new LatencyTask(data.Space, "all-known", [.. ShippedPredictors.AllDeviceSources(data)], []), options, path, afterEpoch, cancellation);
        return path;
    }

    /// <summary>
    /// Loads a saved predictor and adapts it to <paramref name="device"/> from the measured <paramref name="samples"/>,
    /// <paramref name="ensemble"/> times with different seeds. Scores are the ensemble's mean standardised score;
    /// milliseconds come from an isotonic calibration on the samples; uncertainty is the spread of each architecture's
    /// rank across the ensemble, and the most uncertain unmeasured architectures are suggested next.
    /// </summary>
    public static DevicePrediction Predict(SpaceData data, string modelPath, string device, IReadOnlyList<int> samples, ExperimentOptions options,
        int ensemble = 5, int suggestions = 10, Action<string>? status = null, CancellationToken cancellation = default)
    {
        // Loaded once: every ensemble member and the cross-validation start again from these pretrained weights.
        var (loadedModel, checkpoint) = PredictorCheckpoint.Load(modelPath);
        using var model = loadedModel;
        if (checkpoint.Space != data.Space)
            throw new NasflatException($"'{modelPath}' is a {checkpoint.Space} predictor; the device is in {data.Space}.");
        int target = data.Latency.IndexOf(device);
        CheckRows(data, checkpoint, modelPath, target);
        if (samples.Count < 3) throw new NasflatException("Adapting to a device needs at least 3 measured architectures.");
        foreach (int a in samples)
            if (!data.Latency.IsMeasured(a, target)) throw new NasflatException($"Architecture {a} is not measured on '{device}'.");
        options = options with { Predictor = checkpoint.Options, Supplementary = checkpoint.Supplementary };

        using var learner = new TransferLearner(data, options);
        using var pretrained = WeightSnapshot.Of(model);
        var sources = checkpoint.Sources.Select(data.Latency.IndexOf).ToList();
        var all = Enumerable.Range(0, data.ArchitectureCount).ToList();
        var members = new List<double[]>();
        string? initializedFrom = null;
        for (int member = 0; member < Math.Max(1, ensemble); member++)
        {
            cancellation.ThrowIfCancellationRequested();
            status?.Invoke($"adapting model {member + 1}/{Math.Max(1, ensemble)} to {device}");
            pretrained.RestoreInto(model);
            var random = Seeds.Random(options.Seed, "predict", device, member);
            initializedFrom ??= learner.FineTune(model, target, samples, sources, Seeds.Derive(options.Seed, "predict", device, member, "dropout"),
                random, cancellation: cancellation);
            members.Add(Standardise(learner.Predict(model, all, target)));
        }

        var scores = Enumerable.Range(0, all.Count).Select(a => (float)members.Average(m => m[a])).ToArray();
        bool smallSample = options.IsSmallSample(samples.Count);
        double? predictorRho = null;
        double PredictorRho() => predictorRho ??= learner.CrossValidatedRho(model, pretrained.RestoreInto, target, samples, sources,
            Seeds.Derive(options.Seed, "predict", device, "cross-validation"), cancellation: cancellation);
        var fitted = learner.FitPrior(target, samples, all, sources, PredictorRho, options.PriorBlendFor(samples.Count, smallSample));
        if (fitted is not null) scores = fitted.Blend(scores);
        if (smallSample) scores = WithPartners(data, options, device, target, samples, sources, scores, Baselines.SmallSampleRecipe.Partners(options), null, options.SmallSampleWeights, cancellation);
        if (options.IsLargeSample(samples.Count))
            scores = WithPartners(data, options, device, target, samples, sources, scores, [new Baselines.ScratchMethod()], PredictorRho, null, cancellation);
        var ranks = members.Select(m => Ranks.Average(m).Select(r => r / all.Count).ToArray()).ToList();
        var uncertainty = Enumerable.Range(0, all.Count).Select(a =>
        {
            double mean = ranks.Average(r => r[a]);
            return Math.Sqrt(ranks.Average(r => (r[a] - mean) * (r[a] - mean)));
        }).ToArray();
        var column = data.Latency.Column(target);
        var calibration = LatencyCalibration.Fit(samples.Select(a => (double)scores[a]).ToList(), samples.Select(a => column[a]).ToList(),
            scores.Select(s => (double)s).ToList(), CalibrationMethod.Isotonic);
        var milliseconds = scores.Select(s => calibration.Milliseconds(s)).ToArray();

        var measured = data.Latency.MeasuredArchitectures(target);
        var sampleSet = samples.ToHashSet();
        var next = all.Where(a => !data.Latency.IsMeasured(a, target)).OrderByDescending(a => uncertainty[a]).ThenBy(a => a).Take(suggestions).ToList();
        TransferMetrics? metrics = measured.Length > samples.Count + 1
            ? TransferMetrics.Compute(measured.Select(a => scores[a]).ToArray(), measured.Select(a => column[a]).ToArray(), measured.Select(sampleSet.Contains).ToArray())
            : null;
        return new DevicePrediction(device, [.. samples], scores, milliseconds, uncertainty, SimilarDevices(data.Latency, target, samples), next, initializedFrom, metrics, fitted);
    }

    /// <summary>
    /// The scores' ranking averaged with the partners', as in <c>bench</c>: below <see cref="ExperimentOptions.SmallSampleBelow"/>
    /// samples GBT's and FLOPs', weighed by <paramref name="weighting"/>; from <see cref="ExperimentOptions.LargeSampleFrom"/> on the scratch GNN's, only where its
    /// cross-validated ρ on the samples is at least <paramref name="predictorRho"/>'s.
    /// </summary>
    private static float[] WithPartners(SpaceData data, ExperimentOptions options, string device, int target, IReadOnlyList<int> samples,
        IReadOnlyList<int> sources, float[] scores, IReadOnlyList<Methods.IFewShotMethod> partners, Func<double>? predictorRho,
        SmallSampleWeighting? weighting, CancellationToken cancellation)
    {
        var context = new Methods.MethodContext(data, options, $"predict:{device}", 0, sources, EvaluationSplit.For(EvaluationProtocol.Nasflat, data));
        var query = new Methods.TargetQuery(target, samples.Count, samples, Enumerable.Range(0, data.ArchitectureCount).ToList(), Seeds.Random(options.Seed, "predict", device, "partners"));
        try
        {
            foreach (var partner in partners) partner.Prepare(context, samples.Count, null, cancellation);
            var chosen = partners.Where(p => predictorRho is null || p is not Methods.ICrossValidatedMethod checkable
                || checkable.CrossValidatedRho(context, query, cancellation) >= predictorRho()).ToList();
            if (chosen.Count == 0) return scores;
            List<Methods.MethodPrediction> members = [Methods.MethodPrediction.Of(scores), .. chosen.Select(p => p.Predict(context, query, cancellation))];
            var latency = data.Latency.Column(target);
            // The architectures scored are the whole space, so a sample's position is its index.
            return (weighting is { } smallSample
                ? Methods.SampleTauWeights.Combine(members, smallSample, samples, [.. samples.Select(a => (double)latency[a])],
                    [false, .. chosen.Select(p => p is Methods.ISampleFreeMethod)])
                : Methods.RankEnsembleMethod.Average(members)).Snapshots[0];
        }
        finally
        {
            foreach (var partner in partners) partner.Dispose();
        }
    }

    /// <summary>Known devices ranked by Spearman ρ with the device over the sampled architectures they share.</summary>
    public static IReadOnlyList<SimilarDevice> SimilarDevices(LatencyMatrix latency, int target, IReadOnlyList<int> samples, int count = 3) =>
        latency.Devices.Select((d, i) => (Device: d, Index: i))
            .Where(d => d.Index != target && d.Device.Source != DeviceSource.User)
            .Select(d =>
            {
                var shared = samples.Where(a => latency.IsMeasured(a, d.Index)).ToArray();
                double rho = shared.Length < 3 ? double.NaN : RankCorrelation.Spearman(
                    shared.Select(a => latency.Column(d.Index)[a]).ToArray(), shared.Select(a => latency.Column(target)[a]).ToArray());
                return new SimilarDevice(d.Device.Name, rho, shared.Length);
            })
            .Where(s => double.IsFinite(s.Rho))
            .OrderByDescending(s => s.Rho).ThenBy(s => s.Device, StringComparer.Ordinal)
            .Take(count)
            .ToList();

    private static double[] Standardise(float[] scores)
    {
        double mean = scores.Average(s => (double)s);
        double std = Math.Sqrt(scores.Average(s => (s - mean) * (s - mean)));
        return scores.Select(s => std > 0 ? (s - mean) / std : 0).ToArray();
    }

    private static void CheckRows(SpaceData data, PredictorCheckpoint checkpoint, string path, int target)
    {
        // Embedding rows are device positions in the data; the sources must sit where they sat during pretraining.
        foreach (string source in checkpoint.Sources)
        {
            int trained = checkpoint.Devices.ToList().IndexOf(source);
            if (!data.Latency.Contains(source) || data.Latency.IndexOf(source) != trained)
                throw new NasflatException($"'{path}' was pretrained with device '{source}' at embedding row {trained}, which this data does not match. " +
                    "Use the data directory it was trained with, or pretrain again.");
        }
        if (target >= checkpoint.Options.DeviceVocabulary)
            throw new NasflatException($"Device row {target} exceeds the predictor's {checkpoint.Options.DeviceVocabulary} embedding rows.");
    }
}

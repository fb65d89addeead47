using Nasflat.Data;
using Nasflat.Encodings;
using Nasflat.Evaluation;
using Nasflat.Models;
using Nasflat.Priors;
using Nasflat.Sampling;
using Nasflat.Training;
using Nasflat.Tasks;

namespace Nasflat.Experiments;

/// <summary>
/// The few-shot recipe as a reusable API: pretrain a predictor on source devices, fine-tune it to a target device
/// from k measured architectures, and score any architectures on any device. Encodes the space once.
/// </summary>
public sealed class TransferLearner : IDisposable
{
    private readonly SpaceTensors _tensors;
    private readonly PredictorTrainer _trainer;
    private readonly Dictionary<int, float[]> _normalized = [];
    private readonly Lazy<FeatureMatrix> _structural;
    private (IReadOnlyList<int> Sources, MixtureColumns Columns)? _mixture;

    public SpaceData Data { get; }
    public ExperimentOptions Options { get; }

    public TransferLearner(SpaceData data, ExperimentOptions options)
    {
        options.Validate();
        Data = data;
        Options = options;
        var supplementary = options.Supplementary is null ? null : FeatureCatalog.Build(data, options.Supplementary);
        if ((supplementary?.Columns ?? 0) != options.Predictor.SupplementaryDim)
            throw new NasflatException(
                $"The predictor expects {options.Predictor.SupplementaryDim} supplementary inputs but '{options.Supplementary ?? "none"}' has {supplementary?.Columns ?? 0}.");
        Func<int, Spaces.ArchGraph>? encode = data is FbnetData fbnet
            ? i => Spaces.Fbnet.FbnetGraph.Encode(fbnet.Architectures[i], options.FbnetAdjacency)
            : null;
        _tensors = new SpaceTensors(data, supplementary, encode);
        _trainer = new PredictorTrainer(_tensors, options.Training);
        _structural = new Lazy<FeatureMatrix>(() => StructuralRidge.Features(data));
    }

    /// <summary>Normalised latencies of a device, computed once (thread-safe).</summary>
    public float[] Targets(int device)
    {
        lock (_normalized)
        {
            if (!_normalized.TryGetValue(device, out var targets))
                _normalized[device] = targets = LatencyTargets.Normalized(Data.Latency, device);
            return targets;
        }
    }

    /// <summary>A fresh predictor (weights from <paramref name="seed"/>) trained on the architectures' latencies on every source device.</summary>
    public NasflatPredictor Pretrain(IReadOnlyList<int> sources, IReadOnlyList<int> architectures, int seed, Random random,
        Action<int>? afterEpoch = null, CancellationToken cancellation = default)
    {
        var set = TrainingSet.Build(from s in sources from a in architectures select (a, s, Targets(s)[a]));
        var model = NasflatPredictor.Create(Options.Predictor, seed);
        _trainer.Train(model, set, Options.Training.PretrainEpochs, Options.Training.PretrainLearningRate,
            Options.Training.PretrainBatchSize, random, afterEpoch, cancellation);
        return model;
    }

    /// <summary>
    /// Pretrains on the source devices with the options' pretraining sampler and size, drawing from the architectures
    /// measured on every source (the missing-measurement rule).
    /// </summary>
    public NasflatPredictor PretrainOnSources(IReadOnlyList<int> sources, int seed, Random random,
        Action<int>? afterEpoch = null, CancellationToken cancellation = default)
    {
        var pool = Data.Latency.MeasuredOnAll([.. sources]);
        var archs = new SamplerFactory(Data).Create(Options.PretrainSampler).Sample(pool, Options.PretrainSamplesPerDevice, random);
        return Pretrain(sources, archs, seed, random, afterEpoch, cancellation);
    }

    /// <summary>
    /// Fine-tunes a (pretrained) predictor on a target device's measured samples. Unless disabled, the target's
    /// embedding row first copies that of the source device best correlated with it on the samples.
    /// </summary>
    /// <returns>The source device whose embedding was copied, if any.</returns>
    public string? FineTune(NasflatPredictor model, int target, IReadOnlyList<int> sample, IReadOnlyList<int> sources, int seed, Random random,
        Action<int>? afterEpoch = null, CancellationToken cancellation = default)
    {
        model.SeedDropout(seed);
        string? source = InitialiseEmbedding(model, sources, target, sample);
        var set = TrainingSet.Build(sample.Select(a => (a, target, Targets(target)[a])));
        _trainer.Train(model, set, Options.Training.TransferEpochs, Options.Training.TransferLearningRate,
            Options.Training.TransferBatchSize, random, afterEpoch, cancellation);
        return source;
    }

    /// <summary>Scores architectures on a device's embedding row (higher = slower); leaves the model in eval mode.</summary>
    public float[] Predict(NasflatPredictor model, IReadOnlyList<int> architectures, int device) =>
        _trainer.Score(model, architectures, device);

    /// <summary>
    /// The prior <paramref name="blend"/> asks for (<see cref="ExperimentOptions.PriorBlendFor"/>), fitted on the target's
    /// measured samples, and its blend weight; null when it blends none. <paramref name="predictorRho"/> estimates the
    /// predictor's own ρ on the samples (see <see cref="CrossValidatedRho"/>); only <c>auto</c> weights read it.
    /// </summary>
    public FittedPrior? FitPrior(int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, IReadOnlyList<int> sources, Func<double> predictorRho,
        PriorBlend blend)
    {
        if (blend.IsNone) return null;
        var (scores, priorRho, source) = blend.Source switch
        {
            PriorSource.Mixture => FitMixture(target, sample, architectures, sources),
            PriorSource.Choose => Better(FitRidge(target, sample, architectures), FitMixture(target, sample, architectures, sources)),
            _ => FitRidge(target, sample, architectures),
        };
        double rho = blend.IsAuto ? predictorRho() : double.NaN;
        return new FittedPrior(scores, blend.Weight(priorRho, rho), priorRho, rho, source);
    }

    /// <summary>The ridge unless the mixture's held-out ρ on the samples is higher (a NaN ρ never wins).</summary>
    private static (float[] Scores, double Rho, PriorSource Source) Better((float[] Scores, double Rho, PriorSource Source) ridge,
        (float[] Scores, double Rho, PriorSource Source) mixture) =>
        mixture.Rho > ridge.Rho || (double.IsNaN(ridge.Rho) && !double.IsNaN(mixture.Rho)) ? mixture : ridge;

    private (float[] Scores, double Rho, PriorSource Source) FitRidge(int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures)
    {
        var ridge = StructuralRidge.Fit(_structural.Value, Data.Latency, target, sample);
        return (ridge.Score(architectures), ridge.LeaveOneOutRho, PriorSource.Ridge);
    }

    private (float[] Scores, double Rho, PriorSource Source) FitMixture(int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, IReadOnlyList<int> sources)
    {
        if (_mixture is not { } cached || !cached.Sources.SequenceEqual(sources)) _mixture = cached = (sources.ToArray(), new MixtureColumns(Data, sources));
        var column = Data.Latency.Column(target);
        var mixture = DeviceMixture.Fit(cached.Columns, sample, sample.Select(a => column[a]).ToArray());
        return (mixture.Score(architectures), mixture.CrossValidatedRho, PriorSource.Mixture);
    }

    /// <summary>
    /// The fine-tuned predictor's ρ on samples it did not see: the samples are split into <paramref name="folds"/>
    /// folds; for each, the model is reset to its pretrained weights, fine-tuned on the other folds and scores the
    /// held-out one; the pooled held-out scores are compared with the measured latencies. Fine-tuning on k samples
    /// costs little next to scoring the whole space, so this adds a few seconds per device.
    /// </summary>
    /// <param name="reset">Restores the pretrained weights into the model.</param>
    public double CrossValidatedRho(NasflatPredictor model, Action<NasflatPredictor> reset, int target, IReadOnlyList<int> sample,
        IReadOnlyList<int> sources, int seed, int folds = 5, CancellationToken cancellation = default)
    {
        var random = new Random(seed);
        var order = sample.ToArray();
        random.Shuffle(order);
        folds = Math.Min(folds, order.Length);
        var scores = new double[order.Length];
        for (int fold = 0; fold < folds; fold++)
        {
            var heldOut = Enumerable.Range(0, order.Length).Where(i => i % folds == fold).ToArray();
            var training = Enumerable.Range(0, order.Length).Where(i => i % folds != fold).Select(i => order[i]).ToArray();
            reset(model);
            FineTune(model, target, training, sources, seed + fold + 1, new Random(seed + fold + 1), cancellation: cancellation);
            var predicted = Predict(model, heldOut.Select(i => order[i]).ToArray(), target);
            for (int j = 0; j < heldOut.Length; j++) scores[heldOut[j]] = predicted[j];
        }
        reset(model);
        var column = Data.Latency.Column(target);
        return RankCorrelation.Spearman(scores, order.Select(a => column[a]).ToArray());
    }

    private string? InitialiseEmbedding(NasflatPredictor model, IReadOnlyList<int> sources, int target, IReadOnlyList<int> sample)
    {
        var mode = Options.Training.EmbeddingTransfer;
        if (mode == EmbeddingTransfer.None) return null;
        var ranked = SourceRanking.ByCorrelation(Data.Latency, sources, target, sample);
        if (ranked.Count == 0) return null;
        var names = Data.Latency.Devices;
        if (mode == EmbeddingTransfer.MostCorrelated)
        {
            model.CopyDeviceEmbedding(ranked[0].Source, target);
            return names[ranked[0].Source].Name;
        }
        var top = ranked.Take(3).Select(r => (r.Source, Weight: Math.Max(r.Rho, 1e-6))).ToList();
        double total = top.Sum(t => t.Weight);
        model.MixDeviceEmbeddings(top.Select(t => (t.Source, t.Weight / total)).ToList(), target);
        return string.Join("+", top.Select(t => names[t.Source].Name));
    }

    public void Dispose() => _tensors.Dispose();
}

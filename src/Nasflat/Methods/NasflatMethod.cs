using Nasflat.Experiments;
using Nasflat.Models;
using Nasflat.Priors;
using Nasflat.Training;

namespace Nasflat.Methods;

/// <summary>
/// NASFLAT's predictor as a method: per trial it pretrains on the source devices (once, whatever k), and per target it
/// restores the pretrained weights, fine-tunes on the k samples and scores the architectures after each of the last
/// <see cref="TrainingOptions.EvaluationEpochs"/> epochs (the paper's protocol averages their ρ). With a structural
/// prior (<see cref="ExperimentOptions.Prior"/>) every snapshot is blended with it, and the predictor's own snapshots
/// are kept so reports can show each side alone. Below <see cref="ExperimentOptions.SmallSampleBelow"/> samples the
/// prior is the device mixture and the blended ranking is averaged with the partner methods' (GBT and FLOPs, see
/// <c>SmallSampleRecipe</c>) by <see cref="SampleTauWeights.Combine"/>.
/// Seeds follow the task, trial, device and k, as for every method.
/// </summary>
/// <param name="name">The method's name; <see cref="MixtureVariant"/> blends the device mixture whatever the options' prior.</param>
/// <param name="prior">A prior blend (<see cref="ExperimentOptions.Prior"/>) that replaces the options' one, or null.</param>
/// <param name="smallSamplePartners">Makes the methods whose rankings are averaged in below that k; none: the small-k recipe is off.</param>
/// <param name="cache">Where pretrained predictors are kept; null: <see cref="PretrainingCache.FromEnvironment"/>.</param>
/// <param name="largeSamplePartner">
/// Makes the method averaged in from <see cref="ExperimentOptions.LargeSampleFrom"/> samples where its cross-validated
/// ρ on them is at least the predictor's (the GNN from scratch); none: that check is off.
/// </param>
public sealed class NasflatMethod(string name = NasflatMethod.MethodName, string? prior = null, Func<IReadOnlyList<IFewShotMethod>>? smallSamplePartners = null,
    PretrainingCache? cache = null, Func<ICrossValidatedMethod>? largeSamplePartner = null) : IFewShotMethod
{
    public const string MethodName = "nasflat";

    /// <summary>NASFLAT's predictor rank-blended with the device mixture (<c>--prior mixture</c>), run side by side with the default.</summary>
    public const string MixtureVariant = "nasflat-mixture";

    private TransferLearner? _learner;
    private NasflatPredictor? _model;
    private WeightSnapshot? _pretrained;
    private IReadOnlyList<IFewShotMethod>? _partners;
    private ICrossValidatedMethod? _largePartner;

    public string Name { get; } = name;

    public void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation)
    {
        if (IsSmallSample(context, k))
        {
            _partners ??= smallSamplePartners!();
            foreach (var partner in _partners) partner.Prepare(context, k, null, cancellation);
        }
        if (IsLargeSample(context, k))
        {
            _largePartner ??= largeSamplePartner!();
            _largePartner.Prepare(context, k, null, cancellation);
        }
        if (_model is not null) return; // pretraining does not depend on k
        var learner = _learner = new TransferLearner(context.Data, prior is null ? context.Options : context.Options with { Prior = prior });
        int epochs = Math.Max(1, context.Options.Training.PretrainEpochs);
        int initSeed = context.Seed("init"), pretrainSeed = context.Seed("pretrain");
        NasflatPredictor Pretrain() => learner.PretrainOnSources(context.Sources, initSeed, new Random(pretrainSeed),
            epoch => progress?.Report((epoch + 1.0) / epochs), cancellation);
        _model = (cache ?? PretrainingCache.FromEnvironment()) is { } pretrained
            ? pretrained.GetOrPretrain(context.Data, context.Options, context.Sources, initSeed, pretrainSeed, Pretrain)
            : Pretrain();
        _pretrained = WeightSnapshot.Of(_model);
    }

    public MethodPrediction Predict(MethodContext context, TargetQuery target, CancellationToken cancellation)
    {
        var (learner, model, pretrained) = (_learner, _model, _pretrained) is ({ } l, { } m, { } p)
            ? (l, m, p) : throw new InvalidOperationException("Prepare must run before Predict.");
        string device = context.Data.Latency.Devices[target.Device].Name;
        bool smallSample = IsSmallSample(context, target.K);
        double? predictorRho = null;
        double PredictorRho() => predictorRho ??= learner.CrossValidatedRho(model, pretrained.RestoreInto, target.Device, target.Sample, context.Sources,
            context.Seed(device, target.K, "cross-validation"), cancellation: cancellation);
        var prior = learner.FitPrior(target.Device, target.Sample, target.Architectures, context.Sources, PredictorRho,
            learner.Options.PriorBlendFor(target.K, smallSample));

        var snapshots = new List<float[]>();
        var predictorOnly = new List<float[]>();
        int epochs = context.Options.Training.TransferEpochs;
        pretrained.RestoreInto(model);
        string? source = learner.FineTune(model, target.Device, target.Sample, context.Sources, context.Seed(device, target.K, "dropout"), target.Random, epoch =>
        {
            if (epoch < epochs - context.Options.Training.EvaluationEpochs) return;
            var scores = learner.Predict(model, target.Architectures, target.Device);
            snapshots.Add(prior?.Blend(scores) ?? scores);
            if (prior is not null) predictorOnly.Add(scores);
        }, cancellation);
        var prediction = new MethodPrediction(snapshots);
        if (smallSample)
        {
            var partners = _partners ?? throw new InvalidOperationException("Prepare must run for this k before Predict.");
            var position = target.Architectures.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i);
            var samples = target.Sample.Where(position.ContainsKey).ToArray();
            var latency = context.Data.Latency.Column(target.Device);
            prediction = SampleTauWeights.Combine([prediction, .. partners.Select(p => p.Predict(context, target, cancellation))],
                context.Options.SmallSampleWeights, [.. samples.Select(a => position[a])], [.. samples.Select(a => (double)latency[a])],
                [false, .. partners.Select(p => p is ISampleFreeMethod)]);
        }
        PartnerCheck? check = null;
        if (IsLargeSample(context, target.K))
        {
            var partner = _largePartner ?? throw new InvalidOperationException("Prepare must run for this k before Predict.");
            double partnerRho = partner.CrossValidatedRho(context, target, cancellation);
            check = new PartnerCheck(partner.Name, partnerRho, PredictorRho(), partnerRho >= PredictorRho());
            if (check.AveragedIn) prediction = RankEnsembleMethod.Average([prediction, partner.Predict(context, target, cancellation)]);
        }
        return prediction with
        {
            Partner = check,
            InitializedFrom = source,
            Prior = prior is null ? null : new BlendedPrior(prior.Weight, prior.LeaveOneOutRho, prior.PredictorRho, predictorOnly, prior.Scores, prior.Source),
        };
    }

    private bool IsSmallSample(MethodContext context, int k) => smallSamplePartners is not null && context.Options.IsSmallSample(k);

    private bool IsLargeSample(MethodContext context, int k) => largeSamplePartner is not null && context.Options.IsLargeSample(k);

    public void Dispose()
    {
        foreach (var partner in _partners ?? []) partner.Dispose();
        _largePartner?.Dispose();
        _pretrained?.Dispose();
        _model?.Dispose();
        _learner?.Dispose();
    }
}

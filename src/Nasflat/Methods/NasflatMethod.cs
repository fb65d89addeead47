using Nasflat.Experiments;
using Nasflat.Models;
using Nasflat.Training;

namespace Nasflat.Methods;

/// <summary>
/// NASFLAT's predictor as a method: per trial it pretrains on the source devices (once, whatever k), and per target it
/// restores the pretrained weights, fine-tunes on the k samples and scores the architectures after each of the last
/// <see cref="TrainingOptions.EvaluationEpochs"/> epochs (the paper's protocol averages their ρ). With a structural
/// prior (<see cref="ExperimentOptions.Prior"/>) every snapshot is blended with it, and the predictor's own snapshots
/// are kept so reports can show each side alone. Seeds follow the task, trial, device and k, as for every method.
/// </summary>
/// <param name="name">The method's name; <see cref="MixtureVariant"/> blends the device mixture whatever the options' prior.</param>
/// <param name="prior">A prior blend (<see cref="ExperimentOptions.Prior"/>) that replaces the options' one, or null.</param>
public sealed class NasflatMethod(string name = NasflatMethod.MethodName, string? prior = null) : IFewShotMethod
{
    public const string MethodName = "nasflat";

    /// <summary>NASFLAT's predictor rank-blended with the device mixture (<c>--prior mixture</c>), run side by side with the default.</summary>
    public const string MixtureVariant = "nasflat-mixture";

    private TransferLearner? _learner;
    private NasflatPredictor? _model;
    private WeightSnapshot? _pretrained;

    public string Name { get; } = name;

    public void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation)
    {
        if (_model is not null) return; // pretraining does not depend on k
        _learner = new TransferLearner(context.Data, prior is null ? context.Options : context.Options with { Prior = prior });
        int epochs = Math.Max(1, context.Options.Training.PretrainEpochs);
        _model = _learner.PretrainOnSources(context.Sources, context.Seed("init"), new Random(context.Seed("pretrain")),
            epoch => progress?.Report((epoch + 1.0) / epochs), cancellation);
        _pretrained = WeightSnapshot.Of(_model);
    }

    public MethodPrediction Predict(MethodContext context, TargetQuery target, CancellationToken cancellation)
    {
        var (learner, model, pretrained) = (_learner, _model, _pretrained) is ({ } l, { } m, { } p)
            ? (l, m, p) : throw new InvalidOperationException("Prepare must run before Predict.");
        string device = context.Data.Latency.Devices[target.Device].Name;
        var prior = learner.FitPrior(target.Device, target.Sample, target.Architectures, context.Sources, () => learner.CrossValidatedRho(model, pretrained.RestoreInto,
            target.Device, target.Sample, context.Sources, context.Seed(device, target.K, "cross-validation"), cancellation: cancellation));

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
        return new MethodPrediction(snapshots)
        {
            InitializedFrom = source,
            Prior = prior is null ? null : new BlendedPrior(prior.Weight, prior.LeaveOneOutRho, prior.PredictorRho, predictorOnly, prior.Scores),
        };
    }

    public void Dispose()
    {
        _pretrained?.Dispose();
        _model?.Dispose();
        _learner?.Dispose();
    }
}

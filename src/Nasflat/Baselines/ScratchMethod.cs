using Nasflat.Experiments;
using Nasflat.Models;
using Nasflat.Training;

using Nasflat.Methods;

namespace Nasflat.Baselines;

/// <summary>
/// The NASFLAT GNN trained from random weights on the k target samples alone, with the fine-tuning settings of the
/// options: what pretraining on source devices buys.
/// </summary>
public sealed class ScratchMethod : SingleScoreMethod, ICrossValidatedMethod
{
    private TransferLearner? _learner;

    public override string Name => "scratch";

    public override void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation)
    {
        if (_learner is not null) return;
        var options = context.Options with { Training = context.Options.Training with { EmbeddingTransfer = EmbeddingTransfer.None } };
        _learner = new TransferLearner(context.Data, options);
    }

    protected override float[] Score(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random)
    {
        var learner = _learner ?? throw new InvalidOperationException("Prepare must run before Predict.");
        int seed = context.Seed(context.Data.Latency.Devices[target].Name, sample.Count, "scratch");
        using var model = NasflatPredictor.Create(learner.Options.Predictor, seed);
        learner.FineTune(model, target, sample, [], seed, random);
        return learner.Predict(model, architectures, target);
    }

    /// <summary>5-fold cross-validation on the samples, each fold trained from the same random weights as the method's own model.</summary>
    public double CrossValidatedRho(MethodContext context, TargetQuery target, CancellationToken cancellation)
    {
        var learner = _learner ?? throw new InvalidOperationException("Prepare must run before CrossValidatedRho.");
        string device = context.Data.Latency.Devices[target.Device].Name;
        using var model = NasflatPredictor.Create(learner.Options.Predictor, context.Seed(device, target.Sample.Count, "scratch"));
        using var initial = WeightSnapshot.Of(model);
        return learner.CrossValidatedRho(model, initial.RestoreInto, target.Device, target.Sample, [], context.Seed(device, target.K, "scratch cross-validation"),
            cancellation: cancellation);
    }

    public override void Dispose() => _learner?.Dispose();
}

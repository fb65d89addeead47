using Nasflat.Experiments;
using Nasflat.Models;
using Nasflat.Training;

using Nasflat.Methods;

namespace Nasflat.Baselines;

/// <summary>
/// The NASFLAT GNN trained from random weights on the k target samples alone, with the fine-tuning settings of the
/// options: what pretraining on source devices buys.
/// </summary>
public sealed class ScratchMethod : SingleScoreMethod
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

    public override void Dispose() => _learner?.Dispose();
}

using Nasflat.Models;
using TorchSharp;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Training;

/// <summary>
/// Trains a predictor with the pairwise ranking loss, AdamW and a per-epoch cosine learning-rate schedule. Used both
/// for pretraining on source devices and for fine-tuning on a target device's k samples.
/// </summary>
public sealed class PredictorTrainer(SpaceTensors tensors, TrainingOptions options)
{
    /// <param name="batchSize">Examples per step; 0 or ≥ the set size means one batch holding everything (not shuffled).</param>
    /// <param name="afterEpoch">Called after each epoch (0-based) with the model in training mode.</param>
    public void Train(NasflatPredictor model, TrainingSet set, int epochs, double learningRate, int batchSize, Random random,
        Action<int>? afterEpoch = null, CancellationToken cancellation = default)
    {
        if (epochs == 0 || set.Count < 2) return;
        using var parameters = new FlatParameters(model.parameters());
        using var optimizer = new HeldScalarAdamW(parameters, learningRate, options.WeightDecay, epochs, options.MinimumLearningRate);
        using var working = options.TrainingPrecision == TrainingPrecision.BFloat16Mixed ? new MixedPrecision(model, parameters) : null;
        bool fullBatch = batchSize <= 0 || batchSize >= set.Count;
        int size = fullBatch ? set.Count : batchSize;
        var order = Enumerable.Range(0, set.Count).ToArray();

        for (int epoch = 0; epoch < epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            model.train();
            if (!fullBatch) random.Shuffle(order);
            for (int start = 0; start < order.Length; start += size)
            {
                int count = Math.Min(size, order.Length - start);
                if (count < 2) continue;
                Step(model, parameters, working, optimizer, set, order.AsSpan(start, count), random);
            }
            optimizer.EndEpoch(epoch + 1);
            afterEpoch?.Invoke(epoch);
        }
    }

    private void Step(NasflatPredictor master, FlatParameters parameters, MixedPrecision? working, HeldScalarAdamW optimizer, TrainingSet set, ReadOnlySpan<int> rows, Random random)
    {
        var targets = new float[rows.Length];
        var archs = new long[rows.Length];
        var devices = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            targets[i] = set.Targets[rows[i]];
            archs[i] = set.Architectures[rows[i]];
            devices[i] = set.DeviceRows[rows[i]];
        }
        var pairs = PairwiseHingeLoss.Sample(targets, options.PairsPerSample, random);
        if (pairs.Count == 0) return;

        using var scope = NewDisposeScope();
        var model = working?.Prepare() ?? master;
        Tensor first, second;
        if (options.PairScoring == PairScoring.SharedForward)
        {
            var scores = model.forward(tensors.Batch(torch.tensor(archs), torch.tensor(devices)));
            first = scores.index_select(0, torch.tensor(pairs.First));
            second = scores.index_select(0, torch.tensor(pairs.Second));
        }
        else
        {
            first = model.forward(tensors.Batch(torch.tensor(pairs.First.Select(i => archs[i]).ToArray()), torch.tensor(pairs.First.Select(i => devices[i]).ToArray())));
            second = model.forward(tensors.Batch(torch.tensor(pairs.Second.Select(i => archs[i]).ToArray()), torch.tensor(pairs.Second.Select(i => devices[i]).ToArray())));
        }
        var loss = PairwiseHingeLoss.Loss(first.to(ScalarType.Float32), second.to(ScalarType.Float32), pairs.Sign, options.Margin);
        parameters.ZeroGradients();
        working?.ZeroGradients();
        loss.backward();
        working?.CopyGradientsToMaster();
        optimizer.Step();
    }

    /// <summary>Scores architectures on one device without autograd, in large batches; the model is left in eval mode.</summary>
    public float[] Score(NasflatPredictor model, IReadOnlyList<int> architectures, int deviceRow)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        using var reduced = options.InferencePrecision == InferencePrecision.BFloat16 ? model.CopyIn(ScalarType.BFloat16) : null;
        var scorer = reduced ?? model;
        var result = new float[architectures.Count];
        var all = architectures.Select(a => (long)a).ToArray();
        for (int start = 0; start < all.Length; start += options.InferenceBatchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(options.InferenceBatchSize, all.Length - start);
            var scores = scorer.forward(tensors.Batch(all.AsSpan(start, count), deviceRow)).to(ScalarType.Float32);
            scores.data<float>().CopyTo(result, start);
        }
        return result;
    }
}

using Nasflat.Encodings;
using Nasflat.Experiments;
using Nasflat.Spaces;
using Nasflat.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Baselines;

/// <summary>MultiPredict's settings (paper-spec §9); the hidden sizes and fine-tuning learning rate are ours (not published).</summary>
public sealed record MultiPredictOptions
{
    /// <summary>Encoding fed to the MLP (FeatureCatalog names); null = zcp for FBNet, zcp + onehot for NB201.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Pretraining architectures per source device: 900 NB201, 4000 FBNet in the reference; 0 = that default.</summary>
    public int SourceArchitectures { get; init; }

    public int HardwareEmbeddingDim { get; init; } = 8;
    public IReadOnlyList<int> HiddenDims { get; init; } = [256, 256];
    public int PretrainEpochs { get; init; } = 250;
    public int BatchSize { get; init; } = 256;
    public double LearningRate { get; init; } = 4e-4;
    public double WeightDecay { get; init; } = 5e-4;
    public int TransferEpochs { get; init; } = 50;
    public double TransferLearningRate { get; init; } = 1e-3;

    public IReadOnlyList<string> FeaturesFor(SearchSpaceKind space) => Features ?? (space == SearchSpaceKind.Nb201 ? ["zcp", "onehot"] : ["zcp"]);
    public int SourceArchitecturesFor(SearchSpaceKind space) => SourceArchitectures > 0 ? SourceArchitectures : EvaluationSplit.HelpPoolSize(space);
}

/// <summary>
/// MultiPredict (Akhauri &amp; Abdelfattah, AutoML-Conf 2023) as described in paper-spec §9: an MLP on an architecture
/// encoding concatenated with a learnable 8-d embedding per device, pretrained with an L1 (sum) loss on every source
/// device's normalised latencies (AdamW, cosine schedule); for a new device, the embedding row is initialised from the
/// source best correlated with it on the k samples, then the whole network is fine-tuned on the k samples.
/// </summary>
/// <remarks>
/// The reference sums the predictions of 10 Monte-Carlo repeats; this network has no dropout, so one pass is the same.
/// NB201 has only FLOPs, params and zen as proxies for every cell, so the NB201 encoding adds the graph one-hot.
/// </remarks>
public sealed class MultiPredictMethod(MultiPredictOptions options) : IFewShotMethod
{
    private Tensor? _features;
    private WeightSnapshot? _pretrained;
    private int _preparedTrial = -1;

    public string Name => "multipredict";

    public void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation)
    {
        if (_preparedTrial == context.Trial && _pretrained is not null) return;
        Native.TorchRuntime.EnsureLoaded();
        var data = context.Data;
        if (_features is null)
        {
            var matrix = FeatureMatrix.Concat("multipredict", options.FeaturesFor(data.Space).Select(n => FeatureCatalog.Build(data, n)).ToList());
            _features = torch.tensor(matrix.ToArray(), [matrix.Rows, matrix.Columns]);
        }
        var random = new Random(context.Seed("multipredict", "pretrain"));
        int perDevice = options.SourceArchitecturesFor(data.Space);
        var examples = new List<(int Architecture, int Device, float Target)>();
        foreach (int source in context.Sources)
        {
            var targets = LatencyTargets.Normalized(data.Latency, source);
            var pool = context.Split.Pool(source).Where(a => !float.IsNaN(targets[a])).ToArray();
            random.Shuffle(pool);
            examples.AddRange(pool.Take(perDevice).Select(a => (a, source, targets[a])));
        }
        using var network = Network.Create(_features.shape[1], data.Latency.Devices.Count, options, context.Seed("multipredict", "init"));
        Train(network, examples, options.PretrainEpochs, options.LearningRate, options.BatchSize, random, cancellation,
            epoch => progress?.Report((epoch + 1.0) / options.PretrainEpochs));
        _pretrained?.Dispose();
        _pretrained = WeightSnapshot.Of(network);
        _preparedTrial = context.Trial;
    }

    public float[] Predict(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random)
    {
        var pretrained = _pretrained ?? throw new InvalidOperationException("Prepare must run before Predict.");
        var latency = context.Data.Latency;
        using var network = Network.Create(_features!.shape[1], latency.Devices.Count, options, context.Seed("multipredict", "init"));
        pretrained.RestoreInto(network);
        var ranked = SourceRanking.ByCorrelation(latency, context.Sources, target, sample);
        if (ranked.Count > 0) network.CopyDevice(ranked[0].Source, target);

        // The target is scaled by its own samples: the pretraining min-max of a new device is unknown.
        var scale = MinMaxScale.Fit(sample.Select(a => latency.Column(target)[a]));
        var examples = sample.Select(a => (a, target, scale.Apply(latency.Column(target)[a]))).ToList();
        Train(network, examples, options.TransferEpochs, options.TransferLearningRate, 0, random, CancellationToken.None, null);
        return Score(network, architectures, target);
    }

    private void Train(Network network, List<(int Architecture, int Device, float Target)> examples, int epochs, double lr, int batchSize,
        Random random, CancellationToken cancellation, Action<int>? afterEpoch)
    {
        if (examples.Count == 0 || epochs == 0) return;
        using var optimizer = optim.AdamW(network.parameters(), lr: lr, weight_decay: options.WeightDecay);
        var schedule = optim.lr_scheduler.CosineAnnealingLR(optimizer, epochs, 0);
        int size = batchSize <= 0 ? examples.Count : Math.Min(batchSize, examples.Count);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        network.train();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            random.Shuffle(order);
            for (int start = 0; start < order.Length; start += size)
            {
                using var scope = NewDisposeScope();
                var rows = order.AsSpan(start, Math.Min(size, order.Length - start)).ToArray();
                var predicted = network.forward(_features!.index_select(0, torch.tensor(rows.Select(r => (long)examples[r].Architecture).ToArray())),
                    torch.tensor(rows.Select(r => (long)examples[r].Device).ToArray()));
                var loss = (predicted - torch.tensor(rows.Select(r => examples[r].Target).ToArray())).abs().sum();
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
            schedule.step();
            afterEpoch?.Invoke(epoch);
        }
    }

    private float[] Score(Network network, IReadOnlyList<int> architectures, int device)
    {
        network.eval();
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope();
        var index = torch.tensor(architectures.Select(a => (long)a).ToArray());
        var scores = network.forward(_features!.index_select(0, index), torch.tensor(Enumerable.Repeat((long)device, architectures.Count).ToArray()));
        return scores.data<float>().ToArray();
    }

    public void Dispose()
    {
        _pretrained?.Dispose();
        _pretrained = null;
        _features?.Dispose();
    }

    /// <summary>The MLP with its device-embedding table (one row per device of the data).</summary>
    private sealed class Network : nn.Module<Tensor, Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Embedding devices;
        private readonly TorchSharp.Modules.Sequential mlp;

        private Network(long features, int deviceCount, MultiPredictOptions options) : base("MultiPredict")
        {
            devices = nn.Embedding(deviceCount, options.HardwareEmbeddingDim);
            mlp = nn.Sequential();
            long width = features + options.HardwareEmbeddingDim;
            for (int i = 0; i < options.HiddenDims.Count; i++)
            {
                mlp.append($"linear{i}", nn.Linear(width, options.HiddenDims[i]));
                mlp.append($"relu{i}", nn.ReLU());
                width = options.HiddenDims[i];
            }
            mlp.append("out", nn.Linear(width, 1));
            RegisterComponents();
        }

        public static Network Create(long features, int deviceCount, MultiPredictOptions options, int seed) =>
            SeededConstruction.Seeded(seed, () => new Network(features, deviceCount, options));

        public override Tensor forward(Tensor features, Tensor deviceRows) =>
            mlp.forward(torch.cat([features, devices.forward(deviceRows)], 1)).squeeze(-1);

        public void CopyDevice(int from, int to)
        {
            using var noGrad = torch.no_grad();
            devices.weight![to].copy_(devices.weight[from]);
        }
    }
}

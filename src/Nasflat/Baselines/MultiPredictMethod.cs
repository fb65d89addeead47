using Nasflat.Encodings;
using Nasflat.Experiments;
using Nasflat.Spaces;
using Nasflat.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nasflat.Baselines;

/// <summary>
/// MultiPredict's settings: paper-spec §9 and the reference's published run configuration (encoder widths, 30-d
/// architecture embedding, 8-d device embedding, a head of 1000, batch 128, fine-tuning batch k/2 repeated 10 times).
/// </summary>
public sealed record MultiPredictOptions
{
    /// <summary>
    /// Zero-cost proxies and other features (FeatureCatalog names) read beside the architecture: the default ["zcp"] is
    /// MultiPredict's proxy-augmented representation (FBNet: its 13 proxies; NB201: FLOPs, params and zen, the proxies
    /// the data has for every cell; ["zcp13"] reads the 13 computed ones); [] is its plain architecture representation.
    /// </summary>
    public IReadOnlyList<string> Features { get; init; } = ["zcp"];

    /// <summary>Pretraining architectures per source device: 900 NB201, 4000 FBNet in the reference; 0 = that default.</summary>
    public int SourceArchitectures { get; init; }

    /// <summary>
    /// true: pair architectures with source devices as the reference's pretraining loader does. It lists the first
    /// 900 / 4000 architectures once per source and gives position p to source p mod (source count), so when the source
    /// count shares a factor g with the pool size each source sees only 1/g of the pool (g times each). false: every
    /// source learns from all of its first 900 / 4000 architectures.
    /// </summary>
    public bool ReferencePairing { get; init; }

    /// <summary>
    /// true: scale a new device's k latencies by the min and max of its whole measured table, as the reference does.
    /// That peeks at two numbers a new device does not have, so it exists only to reproduce the reference. false: scale
    /// them by their own min and max.
    /// </summary>
    public bool ScaleTargetByTable { get; init; }

    public int HardwareEmbeddingDim { get; init; } = 8;
    public int ArchitectureEmbeddingDim { get; init; } = 30;
    public IReadOnlyList<int> HeadHiddenDims { get; init; } = [1000];
    public int PretrainEpochs { get; init; } = 250;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 4e-4;
    public double WeightDecay { get; init; } = 5e-4;
    public int TransferEpochs { get; init; } = 50;
    public double TransferLearningRate { get; init; } = 1e-3;

    /// <summary>
    /// true: transfer fine-tunes only the device embeddings and the head, as MultiPredict's published run does; false:
    /// the architecture encoder too. null = per space, the setting that reproduces the paper's rerun (docs/baselines.md):
    /// frozen for FBNet, fine-tuned for NB201.
    /// </summary>
    public bool? FreezeEncoder { get; init; }

    /// <summary>Fine-tuning runs from the same pretrained weights, each on its own shuffle; their predictions are averaged.</summary>
    public int TransferRepeats { get; init; } = 10;

    /// <summary>
    /// true: transfer as the reference's code actually runs. Before each repeat it reloads a saved state dict that
    /// aliases the live weights (PyTorch's state_dict() does not copy), so nothing is restored: the repeats continue one
    /// another (10 × 50 epochs, each prediction averaged in), and each target device of a task starts from the weights
    /// the previous one ended with. false: every repeat starts from the pretrained weights.
    /// </summary>
    public bool ChainTransfers { get; init; }

    public bool FreezesEncoder(SearchSpaceKind space) => FreezeEncoder ?? space == SearchSpaceKind.Fbnet;

    public int SourceArchitecturesFor(SearchSpaceKind space) => SourceArchitectures > 0 ? SourceArchitectures : EvaluationSplit.HelpPoolSize(space);
}

/// <summary>
/// MultiPredict (Akhauri &amp; Abdelfattah, AutoML-Conf 2023), re-implemented from paper-spec §9 and its public
/// description: <see cref="MultiPredictNetwork"/> pretrained with an L1 (sum) loss on the min–max normalised latencies of
/// the first 900 (NB201) / 4000 (FBNet) architectures of every source device (AdamW, cosine schedule). For a new
/// device, its embedding row starts from the source best correlated with it on the k samples; then the device
/// embeddings and the head (and, by default on NB201, the encoder) are fine-tuned on the k samples in batches of k/2,
/// ten times from the same start, and the ten predictions are averaged (the reference's "Monte-Carlo" repeats).
/// </summary>
/// <remarks>
/// Where it differs from the reference: by default each source device learns from all of its first 900 / 4000
/// architectures (<see cref="MultiPredictOptions.ReferencePairing"/> restores the reference loader's pairing), and a new
/// device's samples are scaled by their own min and max (the reference uses the min and max of the device's whole
/// measured table, which a new device does not have; <see cref="MultiPredictOptions.ScaleTargetByTable"/> restores it).
/// </remarks>
public sealed class MultiPredictMethod(MultiPredictOptions options) : IFewShotMethod
{
    private HelpInputs? _inputs;
    private Tensor? _extras;
    private MultiPredictNetwork? _network;
    private Tensor? _encodings;
    private WeightSnapshot? _pretrained;
    private int _preparedTrial = -1;
    private bool _chainStarted;

    public string Name => "multipredict";

    public void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation)
    {
        _chainStarted = false;
        if (_preparedTrial == context.Trial && _pretrained is not null) return;
        Native.TorchRuntime.EnsureLoaded();
        var data = context.Data;
        _inputs ??= new HelpInputs(data);
        if (_extras is null && options.Features.Count > 0)
        {
            var matrix = FeatureMatrix.Concat("multipredict", options.Features.Select(n => FeatureCatalog.Build(data, n)).ToList());
            _extras = torch.tensor(matrix.ToArray(), [matrix.Rows, matrix.Columns]);
        }
        var examples = PretrainingExamples(context);
        var random = new Random(context.Seed("multipredict", "pretrain"));
        _network?.Dispose();
        _network = new MultiPredictNetwork(_inputs.InputWidth, _inputs.IsGraph, (int)(_extras?.shape[1] ?? 0), data.Latency.Devices.Count,
            options, context.Seed("multipredict", "init"));
        Train(_network.parameters(), examples, options.PretrainEpochs, options.LearningRate, options.BatchSize, random, Encode,
            cancellation, epoch => progress?.Report((epoch + 1.0) / options.PretrainEpochs));

        _encodings?.Dispose();
        _encodings = null;
        if (options.FreezesEncoder(data.Space))
        {
            // A frozen encoder gives every architecture the same encoding in every fine-tune: compute them once.
            _network.eval();
            using var noGrad = torch.no_grad();
            using var scope = NewDisposeScope();
            _encodings = Encode(Enumerable.Range(0, data.ArchitectureCount).Select(a => (long)a).ToArray()).detach().MoveToOuterDisposeScope();
        }
        _pretrained?.Dispose();
        _pretrained = WeightSnapshot.Of(_network);
        _preparedTrial = context.Trial;
    }

    public float[] Predict(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random)
    {
        var pretrained = _pretrained ?? throw new InvalidOperationException("Prepare must run before Predict.");
        var network = _network!;
        var latency = context.Data.Latency;
        var ranked = SourceRanking.ByCorrelation(latency, context.Sources, target, sample);

        var column = latency.Column(target);
        var scale = TargetScale(column, sample, options.ScaleTargetByTable);
        var examples = sample.Select(a => (a, target, scale.Apply(column[a]))).ToList();
        int batch = Math.Max(1, sample.Count / 2);
        var encodings = _encodings;
        Func<long[], Tensor> encode = encodings is null ? Encode : rows => encodings.index_select(0, torch.tensor(rows));
        var sum = new double[architectures.Count];
        for (int repeat = 0; repeat < options.TransferRepeats; repeat++)
        {
            // Chained transfers restore the pretrained weights only once per Prepare, and seed the device row once per target.
            bool restart = !options.ChainTransfers || !_chainStarted;
            if (restart) pretrained.RestoreInto(network);
            if ((restart || repeat == 0) && ranked.Count > 0) network.CopyDevice(ranked[0].Source, target);
            _chainStarted = true;
            Train(encodings is null ? network.parameters() : network.TransferParameters(), examples, options.TransferEpochs,
                options.TransferLearningRate, batch, random, encode, CancellationToken.None, null);
            var scores = Score(network, architectures, target, encode);
            for (int i = 0; i < sum.Length; i++) sum[i] += scores[i];
        }
        return sum.Select(s => (float)(s / Math.Max(1, options.TransferRepeats))).ToArray();
    }

    private List<(int Architecture, int Device, float Target)> PretrainingExamples(MethodContext context)
    {
        var data = context.Data;
        int perDevice = options.SourceArchitecturesFor(data.Space);
        var pools = context.Sources.Select(source =>
        {
            var targets = LatencyTargets.Normalized(data.Latency, source);
            var first = context.Split.Pool(source).Where(a => !float.IsNaN(targets[a])).Order().Take(perDevice).ToArray();
            return (Source: source, Targets: targets, First: first);
        }).ToList();
        if (!options.ReferencePairing)
            return pools.SelectMany(p => p.First.Select(a => (a, p.Source, p.Targets[a]))).ToList();
        int listed = pools.Count == 0 ? 0 : pools.Min(p => p.First.Length);
        return ReferencePairs(pools.Count, listed).Select(pair =>
        {
            var (source, targets, first) = pools[pair.Source];
            return (first[pair.Rank], source, targets[first[pair.Rank]]);
        }).ToList();
    }

    /// <summary>
    /// The reference loader's pairs: the first <paramref name="listed"/> architectures (by rank) listed once per
    /// source, position p going to source p mod <paramref name="sources"/>.
    /// </summary>
    internal static IEnumerable<(int Source, int Rank)> ReferencePairs(int sources, int listed) =>
        Enumerable.Range(0, sources * listed).Select(position => (position % sources, position % listed));

    /// <summary>The scale of a new device's k latencies: their own min and max, or the whole measured table's.</summary>
    internal static MinMaxScale TargetScale(IReadOnlyList<double> column, IReadOnlyList<int> sample, bool byTable) =>
        byTable ? MinMaxScale.Fit(column.Where(v => !double.IsNaN(v))) : MinMaxScale.Fit(sample.Select(a => column[a]));

    /// <summary>The encoder's output for these architectures (with gradients while it trains).</summary>
    private Tensor Encode(long[] rows)
    {
        using var index = torch.tensor(rows);
        var (features, adjacency) = _inputs!.Select(index);
        return _network!.Encode(features, adjacency, _extras?.index_select(0, index));
    }

    private void Train(IEnumerable<Parameter> parameters, List<(int Architecture, int Device, float Target)> examples, int epochs, double lr,
        int batchSize, Random random, Func<long[], Tensor> encode, CancellationToken cancellation, Action<int>? afterEpoch)
    {
        if (examples.Count == 0 || epochs == 0) return;
        var network = _network!;
        using var optimizer = optim.AdamW(parameters, lr: lr, weight_decay: options.WeightDecay);
        var schedule = optim.lr_scheduler.CosineAnnealingLR(optimizer, epochs, 0);
        int size = Math.Min(batchSize, examples.Count);
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
                var predicted = network.forward(encode(rows.Select(r => (long)examples[r].Architecture).ToArray()),
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

    private static float[] Score(MultiPredictNetwork network, IReadOnlyList<int> architectures, int device, Func<long[], Tensor> encode)
    {
        network.eval();
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope();
        var encodings = encode(architectures.Select(a => (long)a).ToArray());
        var scores = network.forward(encodings, torch.tensor(Enumerable.Repeat((long)device, architectures.Count).ToArray()));
        return scores.data<float>().ToArray();
    }

    public void Dispose()
    {
        _pretrained?.Dispose();
        _pretrained = null;
        _encodings?.Dispose();
        _network?.Dispose();
        _extras?.Dispose();
        _inputs?.Dispose();
    }
}

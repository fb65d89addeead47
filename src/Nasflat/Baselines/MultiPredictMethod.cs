using Nasflat.Encodings;
using Nasflat.Experiments;
using Nasflat.Spaces;
using Nasflat.Tensors;
using Nasflat.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Nasflat.Numerics;
using Nasflat.Tasks;

using Nasflat.Methods;

namespace Nasflat.Baselines;

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
public sealed class MultiPredictMethod(MultiPredictOptions options) : SingleScoreMethod
{
    private HelpInputs? _inputs;
    private Tensor? _extras;
    private MultiPredictNetwork? _network;
    private Tensor? _encodings;
    private WeightSnapshot? _pretrained;
    private int _preparedTrial = -1;
    private bool _chainStarted;

    public override string Name => "multipredict";

    public override void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation)
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
        // Its layers are re-drawn from its own seed.
        _network = Tensors.SeededConstruction.Unseeded(() => new MultiPredictNetwork(_inputs.InputWidth, _inputs.IsGraph,
            (int)(_extras?.shape[1] ?? 0), data.Latency.Devices.Count, options, context.Seed("multipredict", "init")));
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

    protected override float[] Score(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random)
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
        // AdamW with a cosine schedule to 0, as torch computes them, but holding its scalars (TorchSharp's optimizers
        // pass temporary ones to libtorch; see HeldScalarAdamW).
        using var flat = new FlatParameters(parameters);
        using var optimizer = new HeldScalarAdamW(flat, lr, options.WeightDecay, epochs, minimumLearningRate: 0);
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
                flat.ZeroGradients();
                loss.backward();
                optimizer.Step();
            }
            optimizer.EndEpoch(epoch + 1);
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

    public override void Dispose()
    {
        _pretrained?.Dispose();
        _pretrained = null;
        _encodings?.Dispose();
        _network?.Dispose();
        _extras?.Dispose();
        _inputs?.Dispose();
    }
}

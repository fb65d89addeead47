using System.Diagnostics;
using System.Globalization;
using Nasflat.Data;
using Nasflat.Spaces;
using Nasflat.Spaces.Fbnet;
using TorchSharp;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Encodings;

/// <summary>How the arch2vec-style encoder is trained. Every random choice follows from <see cref="Seed"/>.</summary>
public sealed record Arch2VecSettings
{
    /// <summary>Bumped whenever training changes, so stale caches are never read as current.</summary>
    public const int Version = 2; // 2: weights and noise from owned generators

    public int Epochs { get; init; } = 16;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public int HiddenDim { get; init; } = 128;
    public int LatentDim { get; init; } = 32;
    public int Layers { get; init; } = 5;
    /// <summary>Weight of the KL term (per latent dimension and node) against the reconstruction losses.</summary>
    public double KlWeight { get; init; } = 0.005;
    /// <summary>FBNet's space has 9²² architectures, the data 5,000: this many random ones join the training set.</summary>
    public int ExtraFbnetArchitectures { get; init; } = 20000;
    public long Seed { get; init; } = 1;

    public string FileStem(SearchSpaceKind space) => string.Create(CultureInfo.InvariantCulture,
        $"arch2vec-{space.Id()}-d{LatentDim}-h{HiddenDim}-l{Layers}-e{Epochs}-b{BatchSize}-lr{LearningRate}-kl{KlWeight}-x{(space == SearchSpaceKind.Fbnet ? ExtraFbnetArchitectures : 0)}-s{Seed}.v{Version}");
}

/// <summary>How well the trained encoder reconstructs the space's own architectures (latent means, no sampling).</summary>
public sealed record Arch2VecReport(
    string Space, int TrainingGraphs, double Seconds, double OperationAccuracy, double AdjacencyAccuracy, double GraphsReconstructed, double FinalLoss);

/// <summary>
/// Learned architecture encodings (see <see cref="GraphAutoencoder"/>), trained self-supervised on every
/// architecture of a space and cached as <c>&lt;cache&gt;/encodings/&lt;settings&gt;.csv</c> with a report next to it.
/// </summary>
public static class Arch2Vec
{
    /// <summary>The space's encodings from the cache, training (and caching) them first when needed.</summary>
    public static (FeatureMatrix Encoding, Arch2VecReport Report) Load(SpaceData data, string cacheDirectory, Arch2VecSettings? settings = null,
        IProgress<(int Epoch, double Loss)>? progress = null)
    {
        settings ??= new Arch2VecSettings();
        return EncodingFile.LoadOrTrain(cacheDirectory, settings.FileStem(data.Space), "arch2vec", data.ArchitectureCount, settings.LatentDim,
            () => Train(data, settings, progress));
    }

    /// <summary>Trains the autoencoder and returns the encodings of the space's architectures (row-major [N, latent]).</summary>
    public static (float[] Embeddings, Arch2VecReport Report) Train(SpaceData data, Arch2VecSettings settings, IProgress<(int Epoch, double Loss)>? progress = null)
    {
        Native.TorchRuntime.EnsureLoaded();
        var watch = Stopwatch.StartNew();
        var own = Enumerable.Range(0, data.ArchitectureCount).Select(i => EncoderGraph.Of(data, i)).ToList();
        var training = new List<ArchGraph>(own);
        if (data is FbnetData)
            training.AddRange(EncoderGraph.RandomFbnet(settings.Seed, settings.ExtraFbnetArchitectures).Select(arch => FbnetGraph.Encode(arch, FbnetAdjacency.Chain)));
        int vocabulary = EncoderGraph.Vocabulary(data.Space);
        int nodes = own[0].NodeCount;
        var (operations, adjacency) = Tensors(training);

        using var noise = new Generator((ulong)settings.Seed + 2);
        using var model = SeededConstruction.Build(settings.Seed, () => new GraphAutoencoder(vocabulary, nodes, noise, settings.HiddenDim, settings.LatentDim, settings.Layers));
        using var weights = new FlatParameters(model.parameters());
        using var optimizer = new HeldScalarAdamW(weights, settings.LearningRate, weightDecay: 0, settings.Epochs, minimumLearningRate: settings.LearningRate / 10);
        using var generator = new Generator((ulong)settings.Seed + 1);
        using var klWeight = settings.KlWeight.ToScalar();
        using var minusHalf = (-0.5).ToScalar();
        using var one = 1.0.ToScalar();
        using var zero = 0.0.ToScalar();
        double loss = double.NaN;
        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            model.train();
            var order = randperm(training.Count, generator: generator);
            double total = 0;
            int batches = 0;
            for (int start = 0; start < training.Count; start += settings.BatchSize)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(settings.BatchSize, training.Count - start));
                var ops = operations.index_select(0, index);
                var adj = adjacency.index_select(0, index);
                var (operationLogits, adjacencyLogits, mu, logVar) = model.forward(ops, adj);
                var target = adj.Plus(adj.transpose(1, 2)).clamp_max(one);
                var reconstruction = nn.functional.cross_entropy(operationLogits.reshape(-1, vocabulary), ops.reshape(-1))
                    .Plus(nn.functional.binary_cross_entropy_with_logits(adjacencyLogits, target));
                // KL(q(z|G) ‖ N(0, I)), averaged over nodes and latent dimensions.
                var kl = logVar.Plus(one).sub(mu.Squared()).sub(logVar.exp()).mean().mul(minusHalf);
                var objective = reconstruction.Plus(kl.mul(klWeight));
                weights.ZeroGradients();
                objective.backward();
                optimizer.Step();
                total += objective.item<float>();
                batches++;
            }
            optimizer.EndEpoch(epoch + 1);
            loss = total / batches;
            progress?.Report((epoch + 1, loss));
        }

        model.eval();
        using var noGrad = no_grad();
        var (ownOperations, ownAdjacency) = Tensors(own);
        // In eval mode the decoder reads the latent means, which are also the encodings.
        var decoded = model.forward(ownOperations, ownAdjacency);
        var operationHits = decoded.OperationLogits.argmax(-1).eq(ownOperations);
        var ownTarget = ownAdjacency.Plus(ownAdjacency.transpose(1, 2)).clamp_max(one).gt(zero);
        var adjacencyHits = decoded.AdjacencyLogits.gt(zero).eq(ownTarget);
        // The diagonal is not part of the graph: only node pairs count.
        var offDiagonal = eye(nodes, dtype: ScalarType.Bool).logical_not().unsqueeze(0);
        double adjacencyAccuracy = adjacencyHits.logical_and(offDiagonal).sum().item<long>() / (double)(own.Count * nodes * (nodes - 1));
        var perfect = operationHits.all(1).logical_and(adjacencyHits.logical_or(offDiagonal.logical_not()).flatten(1).all(1));
        var embeddings = decoded.Mean.mean([1]).contiguous().data<float>().ToArray();
        var report = new Arch2VecReport(data.Space.Id(), training.Count, watch.Elapsed.TotalSeconds,
            operationHits.to(ScalarType.Float32).mean().item<float>(), adjacencyAccuracy, perfect.to(ScalarType.Float32).mean().item<float>(), loss);
        return (embeddings, report);
    }

    private static (Tensor Operations, Tensor Adjacency) Tensors(IReadOnlyList<ArchGraph> graphs)
    {
        int v = graphs[0].NodeCount;
        var operations = new long[graphs.Count * v];
        var adjacency = new float[graphs.Count * v * v];
        for (int i = 0; i < graphs.Count; i++)
        {
            for (int node = 0; node < v; node++) operations[i * v + node] = graphs[i].Operations[node];
            for (int e = 0; e < v * v; e++) adjacency[i * v * v + e] = graphs[i].Adjacency[e] ? 1 : 0;
        }
        return (tensor(operations, [graphs.Count, v]), tensor(adjacency, [graphs.Count, v, v]));
    }
}

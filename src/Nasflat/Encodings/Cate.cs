using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nasflat.Data;
using Nasflat.IO;
using Nasflat.Spaces;
using Nasflat.Spaces.Fbnet;
using Nasflat.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Encodings;

/// <summary>How the CATE-style encoder is trained. Every random choice follows from <see cref="Seed"/>.</summary>
public sealed record CateSettings
{
    /// <summary>Bumped whenever training changes, so stale caches are never read as current.</summary>
    public const int Version = 1;

    public int Epochs { get; init; } = 30;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>The encoding's size: NASFLAT's CATE features are 32-d.</summary>
    public int ModelDim { get; init; } = 32;
    public int Heads { get; init; } = 4;
    public int Layers { get; init; } = 4;
    public int CrossLayers { get; init; } = 1;
    public int FeedForwardDim { get; init; } = 64;
    /// <summary>Probability that a varying operation is masked (at least one is, per architecture and step).</summary>
    public double MaskRate { get; init; } = 0.2;
    /// <summary>Partners are drawn among this many neighbours on each side of the (FLOPs, params) order.</summary>
    public int PairWindow { get; init; } = 16;
    /// <summary>FBNet's space has 9²² architectures, the data 5,000: this many random ones join the training set.</summary>
    public int ExtraFbnetArchitectures { get; init; } = 20000;
    public long Seed { get; init; } = 1;

    public string FileStem(SearchSpaceKind space) => string.Create(CultureInfo.InvariantCulture,
        $"cate-{space.Id()}-d{ModelDim}-h{Heads}-l{Layers}x{CrossLayers}-f{FeedForwardDim}-e{Epochs}-b{BatchSize}-lr{LearningRate}-m{MaskRate}-w{PairWindow}" +
        $"-x{(space == SearchSpaceKind.Fbnet ? ExtraFbnetArchitectures : 0)}-s{Seed}.v{Version}");
}

/// <summary>
/// How well the trained encoder predicts masked operations of the space's own architectures (one fixed masking, each
/// read next to its nearest architecture in cost), against the best guess that ignores the rest of the graph: each
/// position's most frequent operation.
/// </summary>
public sealed record CateReport(string Space, int TrainingGraphs, double Seconds, double MaskedOperationAccuracy, double MostFrequentAccuracy,
    double MaskedOperationsPerGraph, double FinalLoss);

/// <summary>
/// Learned CATE-style architecture encodings (see <see cref="CateTransformer"/>), trained self-supervised by
/// masked-operation prediction on pairs of architectures of similar FLOPs and params, and cached as
/// <c>&lt;cache&gt;/encodings/&lt;settings&gt;.csv</c> with a report next to it.
/// </summary>
public static class Cate
{
    /// <summary>The space's encodings from the cache, training (and caching) them first when needed.</summary>
    public static (FeatureMatrix Encoding, CateReport Report) Load(SpaceData data, string cacheDirectory, CateSettings? settings = null,
        IProgress<(int Epoch, double Loss)>? progress = null)
    {
        settings ??= new CateSettings();
        return EncodingFile.LoadOrTrain(cacheDirectory, settings.FileStem(data.Space), "cate", data.ArchitectureCount, settings.ModelDim,
            () => Train(data, settings, progress));
    }

    /// <summary>Trains the transformer and returns the encodings of the space's architectures (row-major [N, d]).</summary>
    public static (float[] Embeddings, CateReport Report) Train(SpaceData data, CateSettings settings, IProgress<(int Epoch, double Loss)>? progress = null)
    {
        Native.TorchRuntime.EnsureLoaded();
        var watch = Stopwatch.StartNew();
        var own = Enumerable.Range(0, data.ArchitectureCount).Select(i => EncoderGraph.Of(data, i)).ToList();
        var graphs = new List<ArchGraph>(own);
        var flops = Enumerable.Range(0, data.ArchitectureCount).Select(data.Flops).ToList();
        var parameters = Enumerable.Range(0, data.ArchitectureCount).Select(data.Parameters).ToList();
        if (data is FbnetData)
            foreach (var arch in EncoderGraph.RandomFbnet(settings.Seed, settings.ExtraFbnetArchitectures))
            {
                graphs.Add(FbnetGraph.Encode(arch, FbnetAdjacency.Chain));
                flops.Add(FbnetCost.Flops(arch));
                parameters.Add(FbnetCost.Parameters(arch));
            }
        int vocabulary = EncoderGraph.Vocabulary(data.Space);
        int nodes = own[0].NodeCount;
        var varying = VaryingPositions(own);
        var pairs = new ComputationPairs(flops, parameters, settings.PairWindow);
        using var operations = tensor(graphs.SelectMany(g => g.Operations.Select(o => (long)o)).ToArray(), [graphs.Count, nodes]);
        using var visible = Reachability(graphs);

        using var model = SeededConstruction.Seeded(settings.Seed, () => new CateTransformer(vocabulary, nodes, settings.ModelDim, settings.Heads, settings.Layers,
            settings.CrossLayers, settings.FeedForwardDim));
        using var weights = new FlatParameters(model.parameters());
        using var optimizer = new HeldScalarAdamW(weights, settings.LearningRate, weightDecay: 0, settings.Epochs, minimumLearningRate: settings.LearningRate / 10);
        var draws = new Random(unchecked((int)settings.Seed) + 1);
        using var tokens = new MaskTokens(model.MaskToken);
        double loss = double.NaN;
        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            model.train();
            var order = Enumerable.Range(0, graphs.Count).ToArray();
            draws.Shuffle(order);
            double total = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += settings.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = order.AsSpan(start, Math.Min(settings.BatchSize, order.Length - start)).ToArray();
                var partners = batch.Select(a => pairs.PartnerOf(a, draws)).ToArray();
                var (masked, targets) = tokens.Mask(operations, batch, varying, settings.MaskRate, draws);
                var logits = model.forward(masked, Rows(visible, batch), Rows(operations, partners), Rows(visible, partners));
                var objective = nn.functional.cross_entropy(logits.reshape(-1, vocabulary), targets.reshape(-1), ignore_index: IgnoredTarget);
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
        var ownIndex = Enumerable.Range(0, own.Count).ToArray();
        var ownPairs = new ComputationPairs(flops.Take(own.Count).ToList(), parameters.Take(own.Count).ToList(), settings.PairWindow);
        var nearest = ownIndex.Select(ownPairs.NearestOf).ToArray();
        using var scoring = NewDisposeScope();
        var (evaluationMasked, evaluationTargets) = tokens.Mask(operations, ownIndex, varying, settings.MaskRate, new Random(unchecked((int)settings.Seed) + 2));
        var predicted = model.forward(evaluationMasked, Rows(visible, ownIndex), Rows(operations, nearest), Rows(visible, nearest)).argmax(-1);
        var counted = evaluationTargets.ne(tokens.Ignored);
        long maskedCount = counted.sum().item<long>();
        double accuracy = predicted.eq(evaluationTargets).logical_and(counted).sum().item<long>() / (double)maskedCount;
        var majority = MostFrequentOperations(own);
        double majorityAccuracy = evaluationTargets.eq(tensor(majority).unsqueeze(0)).logical_and(counted).sum().item<long>() / (double)maskedCount;
        // The last node's hidden state: every node reaches it, so it sees the whole graph.
        var hidden = model.Encode(Rows(operations, ownIndex), Rows(visible, ownIndex)).select(1, nodes - 1);
        var embeddings = hidden.contiguous().data<float>().ToArray();
        var report = new CateReport(data.Space.Id(), graphs.Count, watch.Elapsed.TotalSeconds, accuracy, majorityAccuracy, maskedCount / (double)own.Count, loss);
        return (embeddings, report);
    }

    /// <summary>Cross-entropy skips targets with this value: every position that was not masked.</summary>
    private const long IgnoredTarget = -100;

    private static Tensor Rows(Tensor source, int[] rows) => source.index_select(0, tensor(rows.Select(r => (long)r).ToArray()));

    /// <summary>Positions whose operation differs between architectures (NB201's input and output nodes never do).</summary>
    private static IReadOnlyList<int> VaryingPositions(IReadOnlyList<ArchGraph> graphs) =>
        Enumerable.Range(0, graphs[0].NodeCount).Where(p => graphs.Select(g => g.Operations[p]).Distinct().Skip(1).Any()).ToList();

    private static long[] MostFrequentOperations(IReadOnlyList<ArchGraph> graphs) =>
        Enumerable.Range(0, graphs[0].NodeCount).Select(p => (long)graphs.GroupBy(g => g.Operations[p])
            .OrderByDescending(group => group.Count()).ThenBy(group => group.Key).First().Key).ToArray();

    /// <summary>
    /// [N,V,V] bool: node i may attend to node j when i = j or a directed path joins them either way (the transitive
    /// closure of the adjacency and its transpose).
    /// </summary>
    private static Tensor Reachability(IReadOnlyList<ArchGraph> graphs)
    {
        int v = graphs[0].NodeCount;
        var all = new bool[graphs.Count * v * v];
        var reach = new bool[v, v];
        for (int g = 0; g < graphs.Count; g++)
        {
            for (int i = 0; i < v; i++)
                for (int j = 0; j < v; j++) reach[i, j] = i == j || graphs[g].HasEdge(i, j);
            for (int m = 0; m < v; m++) // Warshall
                for (int i = 0; i < v; i++)
                    if (reach[i, m])
                        for (int j = 0; j < v; j++) reach[i, j] |= reach[m, j];
            for (int i = 0; i < v; i++)
                for (int j = 0; j < v; j++) all[(g * v + i) * v + j] = reach[i, j] || reach[j, i];
        }
        return tensor(all, [graphs.Count, v, v]);
    }

    /// <summary>The mask token and the ignored target as Scalars held for the whole training (see SafeArithmetic).</summary>
    private sealed class MaskTokens(int maskToken) : IDisposable
    {
        private readonly Scalar _mask = maskToken.ToScalar();

        public Scalar Ignored { get; } = IgnoredTarget.ToScalar();

        /// <summary>
        /// Hides a random share of the varying positions of each architecture (at least one) behind the mask token; the
        /// targets are the hidden operations and <see cref="IgnoredTarget"/> elsewhere.
        /// </summary>
        public (Tensor Masked, Tensor Targets) Mask(Tensor operations, int[] rows, IReadOnlyList<int> varying, double rate, Random random)
        {
            int nodes = (int)operations.shape[1];
            var chosen = new bool[rows.Length * nodes];
            for (int i = 0; i < rows.Length; i++)
            {
                bool any = false;
                foreach (int position in varying)
                    if (random.NextDouble() < rate) chosen[i * nodes + position] = any = true;
                if (!any) chosen[i * nodes + varying[random.Next(varying.Count)]] = true;
            }
            var original = Rows(operations, rows);
            var hide = tensor(chosen, [rows.Length, nodes]);
            return (original.masked_fill(hide, _mask), original.masked_fill(hide.logical_not(), Ignored));
        }

        public void Dispose()
        {
            _mask.Dispose();
            Ignored.Dispose();
        }
    }
}

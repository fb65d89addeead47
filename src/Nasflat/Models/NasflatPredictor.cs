using Nasflat.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Models;

/// <summary>
/// The NASFLAT latency predictor: a GNN over the architecture graph, conditioned on a learned per-device embedding.
/// Higher scores mean higher latency; only the ranking is meaningful.
/// </summary>
/// <remarks>
/// Two passes (spec §5.1): an operator pass refines the operation embeddings from the output node's state, then the
/// main pass restarts from the node features with the refined embeddings; the readout averages all nodes but the
/// input. As in the reference, the input and output nodes' own operation labels are replaced by an input (zero) and
/// a learned output embedding, and the output node's device part is a device-independent learned vector.
/// </remarks>
public sealed class NasflatPredictor : nn.Module<GraphBatch, Tensor>
{
    public PredictorOptions Options { get; }

    // Dropout masks come from this generator, not libtorch's global one (see SeededDropout).
    private Generator _dropoutGenerator = new(0);
    // A reduced-precision working copy draws its dropout masks from the original's generator, so training through
    // the copy sees the same mask sequence as training the original would.
    private NasflatPredictor? _dropoutOwner;
    private readonly KeyScalars scalars;

    // Held for the model's lifetime: temporary Scalars can be finalised during native calls (see SafeArithmetic).
    private sealed class KeyScalars(long vocabulary) : IDisposable
    {
        public Scalar Vocabulary { get; } = vocabulary.ToScalar();
        public Scalar DeviceStride { get; } = (3 * vocabulary).ToScalar();
        public Scalar One { get; } = 1L.ToScalar();
        public Scalar Two { get; } = 2L.ToScalar();
        public Scalar Three { get; } = 3L.ToScalar();

        public void Dispose()
        {
            foreach (var scalar in new[] { Vocabulary, DeviceStride, One, Two, Three }) scalar.Dispose();
        }
    }

    private readonly Embedding operationEmbedding;
    private readonly Parameter outputOperationEmbedding;
    private readonly Embedding deviceEmbedding;
    private readonly Parameter? outputDeviceEmbedding;
    private readonly Parameter inputNodeEmbedding;
    private readonly Parameter otherNodeEmbedding;
    private readonly Linear nodeProjection;
    private readonly ModuleList<GraphLayer> operatorPass;
    private readonly Sequential readoutMlp;
    private readonly Linear updateHidden;
    private readonly Linear updateOutput;
    private readonly ModuleList<GraphLayer> mainPass;
    private readonly Sequential? supplementaryEmbedder;
    private readonly Sequential? hardwareMlp;
    private readonly Sequential head;
    private readonly Linear? priorWeight;

    public NasflatPredictor(PredictorOptions options) : base(nameof(NasflatPredictor))
    {
        options.Validate();
        Options = options;
        scalars = new KeyScalars(options.OperationVocabulary);
        int opDim = options.OperationPartDim;
        int embeddingDim = options.OperationEmbeddingDim;
        bool opWise = options.HardwareEmbedding == HardwareEmbeddingMode.OpWise;

        operationEmbedding = nn.Embedding(options.OperationVocabulary, opDim);
        outputOperationEmbedding = new Parameter(torch.randn(1, opDim));
        deviceEmbedding = nn.Embedding(options.DeviceVocabulary, options.HardwareEmbeddingDim);
        if (opWise) outputDeviceEmbedding = new Parameter(torch.randn(1, options.HardwareEmbeddingDim));
        inputNodeEmbedding = new Parameter(torch.randn(1, options.NodeEmbeddingDim));
        otherNodeEmbedding = new Parameter(torch.zeros(1, options.NodeEmbeddingDim));
        nodeProjection = nn.Linear(options.NodeEmbeddingDim, options.HiddenDim);

        operatorPass = Stack(options, options.OperatorPassDims, embeddingDim);
        int operatorOut = options.OperatorPassDims[^1];
        readoutMlp = Mlp(operatorOut, options.ReadoutMlpDims, finalActivation: false, dropout: 0, Dropout);
        updateHidden = nn.Linear(embeddingDim + options.ReadoutMlpDims[^1], options.UpdateOperationHiddenDim);
        updateOutput = nn.Linear(options.UpdateOperationHiddenDim, embeddingDim);
        mainPass = Stack(options, options.MainPassDims, embeddingDim);

        int headIn = options.MainPassDims[^1];
        int supplementaryIn = options.SupplementaryDim > 0 ? options.SupplementaryDim
            : options.AllocateUnusedSupplementaryEmbedder ? 13 : 0;
        if (supplementaryIn > 0)
        {
            supplementaryEmbedder = nn.Sequential(
                nn.Linear(supplementaryIn, options.SupplementaryEmbedderDims[0]), nn.ReLU(), Dropout(options.Dropout),
                nn.Linear(options.SupplementaryEmbedderDims[0], options.SupplementaryEmbedderDims[1]), nn.ReLU(), Dropout(options.Dropout),
                nn.Linear(options.SupplementaryEmbedderDims[1], options.SupplementaryEmbeddingDim));
        }
        if (options.SupplementaryDim > 0) headIn += options.SupplementaryEmbeddingDim;
        if (!opWise)
        {
            hardwareMlp = nn.Sequential(
                nn.Linear(options.HardwareEmbeddingDim, embeddingDim), nn.ReLU(), nn.Linear(embeddingDim, embeddingDim));
            headIn += embeddingDim;
        }
        head = Mlp(headIn, options.HeadDims, finalActivation: true, dropout: options.Dropout, Dropout);
        head.append(nn.Linear(options.HeadDims[^1], 1));
        if (options.FlopsPrior)
        {
            priorWeight = nn.Linear(options.HardwareEmbeddingDim, 1);
            using var noGrad = torch.no_grad();
            using var scope = NewDisposeScope(); // zero_ returns a new wrapper of the same tensor
            priorWeight.weight!.zero_();
            priorWeight.bias!.zero_();
        }
        RegisterComponents();
    }

    /// <summary>Scores a batch: one unbounded latency score per graph, shape [b].</summary>
    public override Tensor forward(GraphBatch batch)
    {
        using var scope = NewDisposeScope();
        long b = batch.Size, v = batch.NodeCount;
        // The graph tensors follow the weights' precision, so a reduced-precision copy (inference) runs unchanged.
        var dtype = operationEmbedding.weight!.dtype;
        var incoming = batch.LayerAdjacency?.to(dtype);

        // Operation (+ device) embeddings: a node's depends only on its label, its role and the graph's device, so
        // each distinct combination is embedded once (NodeOperations).
        var operations = DistinctOperations(batch);

        // Node features do not depend on the graph, so they are computed once, [1,V,hidden], and broadcast by the
        // first layer of each pass; this saves the first layers' projections for every graph of the batch.
        var nodes = torch.cat([inputNodeEmbedding.unsqueeze(0), otherNodeEmbedding.expand(v - 1, Options.NodeEmbeddingDim).unsqueeze(0)], 1);
        var x = nodeProjection.forward(nodes);

        var refined = Run(operatorPass, x, incoming, operations);
        // Lin(176→128)(concat(E, G)) with G the same for every node of a graph: split the weight so G's part is
        // computed once per graph instead of once per node.
        var outputState = readoutMlp.forward(refined.select(1, v - 1));
        long embeddingDim = operations.Width;
        var weight = updateHidden.weight!;
        var hidden = operations.Map(e => nn.functional.linear(e, weight.narrow(1, 0, embeddingDim), updateHidden.bias))
            .Plus(nn.functional.linear(outputState, weight.narrow(1, embeddingDim, weight.shape[1] - embeddingDim)).unsqueeze(1));
        var updatedOperations = updateOutput.forward(nn.functional.relu(hidden));

        var h = Run(mainPass, x, incoming, NodeOperations.Dense(updatedOperations)).narrow(1, 1, v - 1).mean([1]);
        if (Options.SupplementaryDim > 0)
        {
            if (batch.Supplementary is null) throw new InvalidOperationException("This predictor needs supplementary inputs.");
            h = torch.cat([h, supplementaryEmbedder!.forward(batch.Supplementary.to(dtype))], 1);
        }
        if (hardwareMlp is not null) h = torch.cat([h, hardwareMlp.forward(deviceEmbedding.forward(batch.Devices))], 1);
        var score = head.forward(h).squeeze(-1);
        if (priorWeight is not null)
        {
            if (batch.Prior is null) throw new InvalidOperationException("This predictor needs prior scores (FLOPs) in its batches.");
            score = score.Plus(priorWeight.forward(deviceEmbedding.forward(batch.Devices)).squeeze(-1) * batch.Prior.to(dtype));
        }
        return score.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The nodes' operation (+ device) embeddings as distinct rows and an index. As in the reference, the input
    /// node's operation part is zeros (or its label's embedding with endpoint labels), the output node's is a learned
    /// vector (added to its label's embedding with endpoint labels); the device part is the graph's device embedding
    /// on inner nodes, zeros on the input node and a learned device-independent vector on the output node.
    /// </summary>
    private NodeOperations DistinctOperations(GraphBatch batch)
    {
        long v = batch.NodeCount;
        var dtype = operationEmbedding.weight!.dtype;
        // key = (device·3 + role)·vocabulary + label, with role 0 = input, 1 = inner, 2 = output.
        var roleOffset = torch.ones(v, dtype: ScalarType.Int64);
        roleOffset[0] = torch.tensor(0L);
        roleOffset[v - 1] = torch.tensor(2L);
        roleOffset = roleOffset.mul(scalars.Vocabulary);
        var key = batch.Devices.unsqueeze(1).mul(scalars.DeviceStride).Plus(roleOffset.unsqueeze(0)).Plus(batch.Operations);
        var (distinct, inverse, _) = key.flatten().unique(sorted: true, return_inverse: true);
        var labels = distinct.remainder(scalars.Vocabulary);
        var roles = distinct.div(scalars.Vocabulary, RoundingMode.floor).remainder(scalars.Three);
        var devices = distinct.div(scalars.DeviceStride, RoundingMode.floor);

        var inner = roles.eq(scalars.One).unsqueeze(1).to(dtype);
        var output = roles.eq(scalars.Two).unsqueeze(1).to(dtype);
        var operation = operationEmbedding.forward(labels);
        if (!Options.UseEndpointOperationLabels) operation = operation * inner;
        operation = operation.Plus(output * outputOperationEmbedding);
        if (outputDeviceEmbedding is not null)
            operation = torch.cat([operation, (deviceEmbedding.forward(devices) * inner).Plus(output * outputDeviceEmbedding)], 1);
        return NodeOperations.Factored(operation, inverse!.view(batch.Size, v));
    }

    /// <summary>
    /// A copy of this predictor with its weights in another precision (bfloat16 matrix products run several times
    /// faster on CPUs with AVX-512 BF16), in eval mode. It draws dropout masks from this predictor's generator.
    /// Its scores rank like the original's but do not equal them.
    /// </summary>
    public NasflatPredictor CopyIn(ScalarType dtype)
    {
        var copy = SeededConstruction.Unseeded(() => new NasflatPredictor(Options));
        copy._dropoutOwner = this;
        copy.to(dtype);
        copy.CopyWeightsFrom(this);
        copy.eval();
        return copy;
    }

    /// <summary>Overwrites this predictor's weights with another's (same options), converting their precision.</summary>
    public void CopyWeightsFrom(NasflatPredictor other)
    {
        using var noGrad = torch.no_grad();
        var theirs = other.state_dict();
        foreach (var (name, tensor) in state_dict()) tensor.copy_(theirs[name]);
    }

    /// <summary>Copies one device's learned embedding row to another (initialising a new device from a known one).</summary>
    public void CopyDeviceEmbedding(int fromDevice, int toDevice)
    {
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope(); // each weight read and row is a new wrapper, held here through its call
        deviceEmbedding.weight![toDevice].copy_(deviceEmbedding.weight[fromDevice]);
    }

    /// <summary>Sets a device's embedding row to a weighted sum of other devices' rows (weights should sum to 1).</summary>
    public void MixDeviceEmbeddings(IReadOnlyList<(int Device, double Weight)> sources, int toDevice)
    {
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope(); // each weight read and row is a new wrapper, held here through its call
        var embeddings = deviceEmbedding.weight!;
        var mixed = torch.zeros_like(embeddings[toDevice]);
        foreach (var (device, weight) in sources)
        {
            using var alpha = weight.ToScalar();
            mixed.add_(embeddings[device], alpha);
        }
        embeddings[toDevice].copy_(mixed);
    }

    /// <summary>Number of trainable parameters.</summary>
    public long TrainableParameterCount() => parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    private static Tensor Run(ModuleList<GraphLayer> layers, Tensor h, Tensor? incoming, NodeOperations operations)
    {
        for (int i = 0; i < layers.Count; i++)
        {
            h = layers[i].forward(h, incoming, operations);
            if (i < layers.Count - 1) h = nn.functional.relu(h);
        }
        return h;
    }

    private static ModuleList<GraphLayer> Stack(PredictorOptions options, IReadOnlyList<int> dims, int operationDim)
    {
        var layers = new ModuleList<GraphLayer>();
        int inDim = options.HiddenDim;
        foreach (int dim in dims)
        {
            layers.Add(new GraphLayer(options.Gnn, inDim, dim, operationDim, options.AttentionMasking));
            inDim = dim;
        }
        return layers;
    }

    private SeededDropout Dropout(double probability) => new(probability, () => (_dropoutOwner ?? this)._dropoutGenerator);

    /// <summary>
    /// Builds a predictor whose initial weights depend only on <paramref name="seed"/> (construction draws from
    /// libtorch's global generator, so it is serialised); training afterwards uses only the model's own generator,
    /// so results do not depend on what else used the global one.
    /// </summary>
    public static NasflatPredictor Create(PredictorOptions options, long seed)
    {
        var model = SeededConstruction.Seeded(seed, () => new NasflatPredictor(options));
        model.SeedDropout(seed);
        return model;
    }

    /// <summary>Restarts the dropout mask sequence, e.g. before fine-tuning on a new device.</summary>
    public void SeedDropout(long seed)
    {
        _dropoutGenerator.Dispose();
        _dropoutGenerator = new Generator((ulong)seed);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dropoutGenerator.Dispose();
            scalars.Dispose();
        }
        base.Dispose(disposing);
    }

    private static Sequential Mlp(int inDim, IReadOnlyList<int> dims, bool finalActivation, double dropout, Func<double, SeededDropout> makeDropout)
    {
        var mlp = nn.Sequential();
        for (int i = 0; i < dims.Count; i++)
        {
            mlp.append(nn.Linear(inDim, dims[i]));
            inDim = dims[i];
            if (i == dims.Count - 1 && !finalActivation) break;
            mlp.append(nn.ReLU());
            if (dropout > 0) mlp.append(makeDropout(dropout));
        }
        return mlp;
    }
}

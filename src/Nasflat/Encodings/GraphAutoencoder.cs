using Nasflat.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Encodings;

/// <summary>
/// An arch2vec-style variational graph autoencoder (Yan et al., NeurIPS 2020): a GIN encoder maps each node to a
/// Gaussian latent; the decoder reconstructs each node's operation (linear + softmax) and the undirected adjacency
/// (σ(z_i·W·z_j + c); arch2vec's plain inner product cannot express a long chain, FBNet's graph, in few dimensions).
/// The architecture's encoding is the mean of its nodes' latent means.
/// </summary>
/// <remarks>
/// Node inputs are the operation one-hot plus a one-hot of the node's position: in NB201 and FBNet graphs every
/// position has a fixed role (edge k of the cell, layer k of the network), and without it a permutation-invariant
/// encoder could not tell apart architectures that use the same operations in different places.
/// </remarks>
public sealed class GraphAutoencoder : nn.Module<Tensor, Tensor, (Tensor OperationLogits, Tensor AdjacencyLogits, Tensor Mean, Tensor LogVariance)>
{
    private readonly int vocabulary, nodes;
    private readonly ModuleList<Sequential> gin = new();
    private readonly Parameter epsilons;
    private readonly Linear mean, logVariance, operationDecoder, pairMap;
    private readonly Parameter pairBias;
    private readonly Scalar half = 0.5.ToScalar(), one = 1.0.ToScalar(); // held: see SafeArithmetic
    // Sampling noise comes from this generator only, never libtorch's global one, so training is reproducible whatever
    // else draws random numbers meanwhile (initial weights: see SeededConstruction.Build).
    private readonly Generator generator;

    public int LatentDim { get; }

    public GraphAutoencoder(int vocabulary, int nodes, Generator generator, int hiddenDim = 128, int latentDim = 32, int layers = 5) : base(nameof(GraphAutoencoder))
    {
        this.generator = generator;
        this.vocabulary = vocabulary;
        this.nodes = nodes;
        LatentDim = latentDim;
        int inDim = vocabulary + nodes;
        for (int l = 0; l < layers; l++)
        {
            // Layer norm keeps summed messages from growing with depth (arch2vec uses batch norm here).
            gin.Add(nn.Sequential(nn.Linear(inDim, hiddenDim), nn.LayerNorm(hiddenDim), nn.ReLU(), nn.Linear(hiddenDim, hiddenDim), nn.LayerNorm(hiddenDim), nn.ReLU()));
            inDim = hiddenDim;
        }
        epsilons = new Parameter(zeros(layers));
        mean = nn.Linear(hiddenDim, latentDim);
        logVariance = nn.Linear(hiddenDim, latentDim);
        operationDecoder = nn.Linear(latentDim, vocabulary);
        pairMap = nn.Linear(latentDim, latentDim, hasBias: false);
        pairBias = new Parameter(zeros(1));
        RegisterComponents();
    }

    /// <param name="operations">Operation labels [b,V] (int64).</param>
    /// <param name="adjacency">Directed adjacency [b,V,V] (float), row = source.</param>
    public override (Tensor OperationLogits, Tensor AdjacencyLogits, Tensor Mean, Tensor LogVariance) forward(Tensor operations, Tensor adjacency)
    {
        using var scope = NewDisposeScope();
        var (mu, logVar) = Encode(operations, adjacency);
        var z = mu;
        if (training) z = mu.Plus(randn(mu.shape, dtype: mu.dtype, generator: generator) * logVar.mul(half).exp());
        var operationLogits = operationDecoder.forward(z);
        var adjacencyLogits = pairMap.forward(z).matmul(z.transpose(1, 2)).Plus(pairBias);
        return (operationLogits.MoveToOuterDisposeScope(), adjacencyLogits.MoveToOuterDisposeScope(), mu.MoveToOuterDisposeScope(), logVar.MoveToOuterDisposeScope());
    }

    /// <summary>Latent means and log-variances of every node, [b,V,latent] each.</summary>
    public (Tensor Mean, Tensor LogVariance) Encode(Tensor operations, Tensor adjacency)
    {
        using var scope = NewDisposeScope();
        long b = operations.shape[0];
        var position = eye(nodes).unsqueeze(0).expand(b, nodes, nodes);
        var h = cat([nn.functional.one_hot(operations, vocabulary).to(ScalarType.Float32), position], 2);
        // Messages flow both ways along edges (the encoder sees the graph as undirected, as arch2vec's does).
        var neighbours = adjacency.Plus(adjacency.transpose(1, 2));
        for (int l = 0; l < gin.Count; l++)
            h = gin[l].forward(h.mul(epsilons[l].Plus(one)).Plus(neighbours.matmul(h)));
        return (mean.forward(h).MoveToOuterDisposeScope(), logVariance.forward(h).MoveToOuterDisposeScope());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            half.Dispose();
            one.Dispose();
        }
        base.Dispose(disposing);
    }
}

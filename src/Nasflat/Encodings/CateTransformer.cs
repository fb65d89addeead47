using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Encodings;

/// <summary>
/// A CATE-style transformer (computation-aware encodings, Yan et al., ICML 2021). Each node of an architecture is a
/// token: its operation (or a [MASK] token) plus its position. The encoder's self-attention is masked by the graph:
/// a node attends to itself and to every node it is connected to by a directed path, either way, so information
/// flows along the computation and not between unrelated branches. For masked-operation training a cross-attention
/// block lets the masked architecture read a second architecture of similar computational cost (its partner), and a
/// linear head predicts the hidden operations. Encodings come from the encoder alone: the hidden state of the graph's
/// last node (the output node of an NB201 cell, the last layer of an FBNet network), which every other node reaches.
/// </summary>
public sealed class CateTransformer : nn.Module<Tensor, Tensor, Tensor, Tensor, Tensor>
{
    private readonly Embedding operationEmbedding, positionEmbedding;
    private readonly ModuleList<AttentionBlock> encoder = new();
    private readonly ModuleList<AttentionBlock> cross = new();
    private readonly LayerNorm encoderNorm, crossNorm;
    private readonly Linear head;
    private readonly Tensor positions;

    /// <summary>The token that replaces a masked operation: one past the space's operations.</summary>
    public int MaskToken { get; }

    public int ModelDim { get; }

    public CateTransformer(int vocabulary, int nodes, int modelDim, int heads, int layers, int crossLayers, int feedForwardDim) : base(nameof(CateTransformer))
    {
        MaskToken = vocabulary;
        ModelDim = modelDim;
        operationEmbedding = nn.Embedding(vocabulary + 1, modelDim);
        positionEmbedding = nn.Embedding(nodes, modelDim);
        for (int l = 0; l < layers; l++) encoder.Add(new AttentionBlock(modelDim, heads, feedForwardDim));
        for (int l = 0; l < crossLayers; l++) cross.Add(new AttentionBlock(modelDim, heads, feedForwardDim));
        encoderNorm = nn.LayerNorm(modelDim);
        crossNorm = nn.LayerNorm(modelDim);
        head = nn.Linear(modelDim, vocabulary);
        positions = torch.tensor(Enumerable.Range(0, nodes).Select(i => (long)i).ToArray()); // arange makes temporary Scalars (SafeArithmetic)
        RegisterComponents();
    }

    /// <summary>Hidden states of every node, [b,V,d].</summary>
    /// <param name="operations">Operation tokens [b,V] (int64; <see cref="MaskToken"/> where hidden).</param>
    /// <param name="visible">Which nodes each node may attend to, [b,V,V] (bool).</param>
    public Tensor Encode(Tensor operations, Tensor visible)
    {
        using var scope = NewDisposeScope();
        var h = operationEmbedding.forward(operations).Plus(positionEmbedding.forward(positions).unsqueeze(0));
        var mask = visible.unsqueeze(1);
        foreach (var block in encoder) h = block.forward(h, h, mask);
        return encoderNorm.forward(h).MoveToOuterDisposeScope();
    }

    /// <summary>Operation logits [b,V,vocabulary] of the (partly masked) architectures, each read next to its partner.</summary>
    public override Tensor forward(Tensor operations, Tensor visible, Tensor partnerOperations, Tensor partnerVisible)
    {
        using var scope = NewDisposeScope();
        var h = Encode(operations, visible);
        var partner = Encode(partnerOperations, partnerVisible);
        foreach (var block in cross) h = block.forward(h, partner, null);
        return head.forward(crossNorm.forward(h)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// One pre-norm transformer block: multi-head attention of the queries over the keys (the same tokens for
/// self-attention, the partner's for cross-attention), then a two-layer feed-forward network, each residual.
/// </summary>
internal sealed class AttentionBlock : nn.Module<Tensor, Tensor, Tensor?, Tensor>
{
    private readonly int heads, headDim;
    private readonly LayerNorm queryNorm, keyNorm, feedForwardNorm;
    private readonly Linear query, key, value, output;
    private readonly Sequential feedForward;
    private readonly Scalar scale, minusInfinity; // held: see SafeArithmetic

    public AttentionBlock(int modelDim, int heads, int feedForwardDim) : base(nameof(AttentionBlock))
    {
        if (modelDim % heads != 0) throw new NasflatException($"CATE model dimension {modelDim} is not divisible by its {heads} attention heads.");
        this.heads = heads;
        headDim = modelDim / heads;
        queryNorm = nn.LayerNorm(modelDim);
        keyNorm = nn.LayerNorm(modelDim);
        feedForwardNorm = nn.LayerNorm(modelDim);
        query = nn.Linear(modelDim, modelDim);
        key = nn.Linear(modelDim, modelDim);
        value = nn.Linear(modelDim, modelDim);
        output = nn.Linear(modelDim, modelDim);
        feedForward = nn.Sequential(nn.Linear(modelDim, feedForwardDim), nn.GELU(), nn.Linear(feedForwardDim, modelDim));
        scale = (1 / Math.Sqrt(headDim)).ToScalar();
        minusInfinity = double.NegativeInfinity.ToScalar();
        RegisterComponents();
    }

    /// <param name="tokens">The queries' tokens [b,V,d].</param>
    /// <param name="keys">The attended tokens [b,W,d] (<paramref name="tokens"/> itself for self-attention).</param>
    /// <param name="visible">[b,1,V,W] bool: which keys each query may see; null: all.</param>
    public override Tensor forward(Tensor tokens, Tensor keys, Tensor? visible)
    {
        using var scope = NewDisposeScope();
        bool self = ReferenceEquals(tokens, keys);
        var normalisedQueries = queryNorm.forward(tokens);
        var normalisedKeys = self ? normalisedQueries : keyNorm.forward(keys);
        var q = SplitHeads(query.forward(normalisedQueries));
        var k = SplitHeads(key.forward(normalisedKeys));
        var v = SplitHeads(value.forward(normalisedKeys));
        var logits = q.matmul(k.transpose(2, 3)).mul(scale);
        if (visible is not null) logits = logits.masked_fill(visible.logical_not(), minusInfinity);
        var attended = logits.softmax(-1).matmul(v).transpose(1, 2).reshape(tokens.shape[0], tokens.shape[1], heads * headDim);
        var h = tokens.Plus(output.forward(attended));
        return h.Plus(feedForward.forward(feedForwardNorm.forward(h))).MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor x) => x.reshape(x.shape[0], x.shape[1], heads, headDim).transpose(1, 2);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            scale.Dispose();
            minusInfinity.Dispose();
        }
        base.Dispose(disposing);
    }
}

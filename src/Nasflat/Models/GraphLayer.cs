using TorchSharp;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Models;

/// <summary>One message-passing layer of the chosen <see cref="GnnType"/>; the ensemble averages both members.</summary>
public sealed class GraphLayer : nn.Module<Tensor, Tensor?, NodeOperations, Tensor>
{
    private readonly DenseGraphFlow? dense;
    private readonly GraphAttentionLayer? gat;
    private readonly Scalar half = 0.5.ToScalar(); // held, not temporary: see GraphAttentionLayer

    public GraphLayer(GnnType type, int inDim, int outDim, int operationDim, AttentionMasking masking = AttentionMasking.Multiplicative)
        : base(nameof(GraphLayer))
    {
        if (type != GnnType.Gat) dense = new DenseGraphFlow(inDim, outDim, operationDim);
        if (type != GnnType.Dense) gat = new GraphAttentionLayer(inDim, outDim, operationDim, masking);
        RegisterComponents();
    }

    public override Tensor forward(Tensor h, Tensor? incoming, NodeOperations operations)
    {
        if (dense is null) return gat!.forward(h, incoming, operations);
        if (gat is null) return dense.forward(h, incoming, operations);
        using var scope = NewDisposeScope();
        // In place: both members' outputs are fresh tensors that no backward pass reads.
        return dense.forward(h, incoming, operations).PlusInPlace(gat.forward(h, incoming, operations)).mul_(half).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) half.Dispose();
        base.Dispose(disposing);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Models;

/// <summary>One message-passing layer of the chosen <see cref="GnnType"/>; the ensemble averages both members.</summary>
public sealed class GraphLayer : nn.Module<Tensor, Tensor?, Tensor, Tensor>
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

    public override Tensor forward(Tensor h, Tensor? incoming, Tensor operations)
    {
        if (dense is null) return gat!.forward(h, incoming, operations);
        if (gat is null) return dense.forward(h, incoming, operations);
        using var scope = NewDisposeScope();
        return (dense.forward(h, incoming, operations).Plus(gat.forward(h, incoming, operations)) * half).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) half.Dispose();
        base.Dispose(disposing);
    }
}

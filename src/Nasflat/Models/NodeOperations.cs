using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Models;

/// <summary>
/// The operation embedding of every node of a batch, [b,V,d], held either densely or as a few distinct rows plus
/// an index. Before the operator pass refines them, a node's embedding depends only on its operation label, its
/// role (input, inner, output) and the graph's device, so a batch of thousands of nodes has a few dozen distinct
/// rows; per-node functions of them (the layers' gates) are then computed once per distinct row and gathered.
/// </summary>
public sealed class NodeOperations
{
    private readonly Tensor rows;       // [U,d], or [b,V,d] when dense
    private readonly Tensor? index;     // [b·V] row of each node; null when dense
    private readonly long graphs, nodes;

    private NodeOperations(Tensor rows, Tensor? index, long graphs, long nodes)
    {
        this.rows = rows;
        this.index = index;
        this.graphs = graphs;
        this.nodes = nodes;
    }

    public static NodeOperations Dense(Tensor operations) => new(operations, null, operations.shape[0], operations.shape[1]);

    /// <param name="rows">Distinct embeddings [U,d].</param>
    /// <param name="index">Row of each node, [b,V].</param>
    public static NodeOperations Factored(Tensor rows, Tensor index) => new(rows, index.flatten(), index.shape[0], index.shape[1]);

    /// <summary>Width of an embedding.</summary>
    public long Width => rows.shape[^1];

    /// <summary>Applies a per-node function (it must act on the last dimension only) and returns [b,V,out].</summary>
    /// <remarks>
    /// Under autograd the function runs on the gathered rows instead: its backward would otherwise scatter-add the
    /// gradients of thousands of nodes into a few rows, which is slower on a CPU than the per-node work it saves.
    /// </remarks>
    public Tensor Map(Func<Tensor, Tensor> perNode)
    {
        if (index is null) return perNode(rows);
        if (torch.is_grad_enabled()) return perNode(rows.index_select(0, index).view(graphs, nodes, -1));
        return perNode(rows).index_select(0, index).view(graphs, nodes, -1);
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Models;

/// <summary>
/// DenseGraphFlow (GCN-like): <c>S = H·W; out = sigmoid(Lin(E)) ⊙ (Aᵀ·S) + S + b</c>. No normalisation of the
/// adjacency and no self-loop: the <c>+ S</c> term is the node's own contribution.
/// </summary>
public sealed class DenseGraphFlow : nn.Module<Tensor, Tensor?, NodeOperations, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Linear gate;
    private static readonly Scalar One = 1.ToScalar(); // held: see SafeArithmetic

    public DenseGraphFlow(int inDim, int outDim, int operationDim) : base(nameof(DenseGraphFlow))
    {
        double bound = 1.0 / Math.Sqrt(outDim);
        weight = new Parameter(torch.empty(inDim, outDim).uniform_(-bound, bound));
        bias = new Parameter(torch.empty(outDim).uniform_(-bound, bound));
        gate = nn.Linear(operationDim, outDim);
        RegisterComponents();
    }

    /// <param name="h">Node states [b,V,din], or [1,V,din] when every graph starts from the same states (broadcast).</param>
    /// <param name="incoming">Transposed adjacency [b,V,V]; null for the identity.</param>
    /// <param name="operations">Operation embeddings [b,V,dop].</param>
    public override Tensor forward(Tensor h, Tensor? incoming, NodeOperations operations)
    {
        using var scope = NewDisposeScope();
        var support = h.matmul(weight);
        // matmul, not bmm, so a shared [1,V,d] support broadcasts; with the identity, Aᵀ·S is S itself.
        var messages = incoming is null ? support : incoming.matmul(support);
        var gates = operations.Map(e => gate.forward(e).sigmoid());
        // support + gates ⊙ messages in one pass, then the bias (support is [1,V,d] in a first layer, so the sum is
        // written into the broadcast [b,V,d] result of addcmul).
        return torch.addcmul(support, gates, messages, One).PlusInPlace(bias).MoveToOuterDisposeScope();
    }
}

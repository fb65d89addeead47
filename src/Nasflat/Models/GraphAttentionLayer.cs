using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Models;

/// <summary>
/// NASFLAT's graph attention, ported as coded: one projection K serves as query, key and value;
/// <c>e_ij = leaky_relu_0.01(aᵀ(K_i ⊙ K_j)/√d)</c>; the mask <b>multiplies</b> the logits, so non-neighbours get
/// logit 0 rather than −∞ and still receive attention; <c>out = LayerNorm(sigmoid(Lin(E)) ⊙ softmax(e)·K)</c>.
/// </summary>
public sealed class GraphAttentionLayer : nn.Module<Tensor, Tensor?, NodeOperations, Tensor>
{
    private readonly Linear project;
    private readonly Linear attention;
    private readonly Linear gate;
    private readonly LayerNorm norm;
    // Scalars are held for the module's lifetime: a temporary Scalar passed to a native call can be finalised by
    // the GC while the call still uses it, which corrupted results when models trained on several threads.
    private readonly Scalar scale;
    private readonly Scalar minusInfinity = double.NegativeInfinity.ToScalar();
    private readonly Scalar zero = 0.ToScalar();
    private readonly Scalar slope = 0.01.ToScalar();

    private readonly AttentionMasking masking;

    public GraphAttentionLayer(int inDim, int outDim, int operationDim, AttentionMasking masking = AttentionMasking.Multiplicative)
        : base(nameof(GraphAttentionLayer))
    {
        this.masking = masking;
        project = nn.Linear(inDim, outDim, hasBias: false);
        attention = nn.Linear(outDim, 1, hasBias: false);
        gate = nn.Linear(operationDim, outDim);
        norm = nn.LayerNorm(outDim);
        scale = (1.0 / Math.Sqrt(outDim)).ToScalar();
        RegisterComponents();
    }

    /// <param name="incoming">Transposed adjacency [b,V,V]; null for the identity.</param>
    public override Tensor forward(Tensor h, Tensor? incoming, NodeOperations operations)
    {
        using var scope = NewDisposeScope();
        var k = project.forward(h);                                   // [b,V,d]
        var a = attention.weight!.reshape(1, 1, -1);                   // aᵀ(K_i ⊙ K_j) = (K_i ⊙ a)·K_j
        if (incoming is null) return norm.forward(operations.Map(e => gate.forward(e).sigmoid()) * IdentityMix(k, a)).MoveToOuterDisposeScope();
        var logits = (k * a).matmul(k.transpose(1, 2)).mul(scale);    // [b or 1,V,V]
        logits = logits.leaky_relu(slope);
        if (masking == AttentionMasking.Multiplicative) logits = logits * incoming;
        else
        {
            var visible = incoming.gt(zero).logical_or(torch.eye(incoming.shape[^1], dtype: ScalarType.Bool));
            logits = logits.masked_fill(visible.logical_not(), minusInfinity);
        }
        var weights = logits.softmax(-1);
        var mixed = operations.Map(e => gate.forward(e).sigmoid()) * weights.matmul(k);
        return norm.forward(mixed).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// softmax(e)·K for an identity adjacency without the V×V products. Multiplicative masking leaves row i with
    /// logits [e_ii, 0, …, 0], so node i weighs itself by exp(e_ii)/Z and every other node by 1/Z,
    /// Z = exp(e_ii) + V − 1 (computed with the usual max-shift); exclusive masking leaves only the node itself.
    /// </summary>
    private Tensor IdentityMix(Tensor k, Tensor a)
    {
        if (masking == AttentionMasking.Exclusive) return k;
        using var others = (k.shape[1] - 1).ToScalar();
        using var zero = 0.0.ToScalar();
        var self = (k * k * a).sum(-1).mul(scale).leaky_relu(slope);    // e_ii, [b,V]
        var shift = self.clamp_min(zero);
        var selfWeight = self.sub(shift).exp();
        var otherWeight = (-shift).exp();
        var total = selfWeight.Plus(otherWeight * others);
        var sum = k.sum(1, keepdim: true);                                             // Σ_j K_j
        return (selfWeight.sub(otherWeight) / total).unsqueeze(-1).mul(k).Plus((otherWeight / total).unsqueeze(-1) * sum);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            scale.Dispose();
            minusInfinity.Dispose();
            zero.Dispose();
            slope.Dispose();
        }
        base.Dispose(disposing);
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nasflat.Models;

/// <summary>
/// NASFLAT's graph attention, ported as coded: one projection K serves as query, key and value;
/// <c>e_ij = leaky_relu_0.01(aᵀ(K_i ⊙ K_j)/√d)</c>; the mask <b>multiplies</b> the logits, so non-neighbours get
/// logit 0 rather than −∞ and still receive attention; <c>out = LayerNorm(sigmoid(Lin(E)) ⊙ softmax(e)·K)</c>.
/// </summary>
public sealed class GraphAttentionLayer : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear project;
    private readonly Linear attention;
    private readonly Linear gate;
    private readonly LayerNorm norm;
    private readonly double scale;

    private readonly AttentionMasking masking;

    public GraphAttentionLayer(int inDim, int outDim, int operationDim, AttentionMasking masking = AttentionMasking.Multiplicative)
        : base(nameof(GraphAttentionLayer))
    {
        this.masking = masking;
        project = nn.Linear(inDim, outDim, hasBias: false);
        attention = nn.Linear(outDim, 1, hasBias: false);
        gate = nn.Linear(operationDim, outDim);
        norm = nn.LayerNorm(outDim);
        scale = 1.0 / Math.Sqrt(outDim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor h, Tensor incoming, Tensor operations)
    {
        using var scope = NewDisposeScope();
        var k = project.forward(h);                                   // [b,V,d]
        var a = attention.weight!.reshape(1, 1, -1);                   // aᵀ(K_i ⊙ K_j) = (K_i ⊙ a)·K_j
        var logits = (k * a).matmul(k.transpose(1, 2)).mul(scale);    // [b or 1,V,V]
        logits = nn.functional.leaky_relu(logits, 0.01);
        if (masking == AttentionMasking.Multiplicative) logits = logits * incoming;
        else
        {
            var visible = incoming.gt(0).logical_or(torch.eye(incoming.shape[^1], dtype: ScalarType.Bool));
            logits = logits.masked_fill(visible.logical_not(), double.NegativeInfinity);
        }
        var weights = logits.softmax(-1);
        var mixed = gate.forward(operations).sigmoid() * weights.matmul(k);
        return norm.forward(mixed).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using TorchSharp.Modules;
using Nasflat.Models;
using static TorchSharp.torch;
using Nasflat.Tensors;

namespace Nasflat.Proxies;

/// <summary>
/// Zero-cost proxies of a network at initialisation, computed the way the NAS-Bench-Suite-Zero scores were
/// (NASLib / Abdelfattah et al.'s zero-cost-proxies), on one input batch with batch-norm in training mode:
/// <list type="bullet">
/// <item>grad_norm Σ‖∂L/∂W‖, snip Σ|∂L/∂W ⊙ W|, plain Σ ∂L/∂W ⊙ W, fisher Σ_channels ½·mean_n(Σ_space a·∂L/∂a)² over
/// every convolution and linear layer, with L the cross-entropy of the batch;</item>
/// <item>grasp Σ −W ⊙ Hg (the Hessian of L times its gradient, by double backpropagation);</item>
/// <item>jacov −Σ log(λ+k) + 1/(λ+k) over the eigenvalues λ of the correlation matrix of the input Jacobians
/// (of the summed outputs), epe_nas Σ_class |Σ log(|corr|+k)| over the same Jacobians grouped by label, k = 1e-5;</item>
/// <item>nwot log|det K| with K = Σ_ReLU c·cᵀ + (1−c)(1−c)ᵀ over the binary codes c of every ReLU's input;</item>
/// <item>synflow Σ|W ⊙ ∂R/∂W| with R the summed output for an all-ones input, after every weight is replaced by its
/// absolute value, in float64 and without batch-norm (as the reference computes it);</item>
/// <item>l2_norm Σ‖W‖.</item>
/// </list>
/// </summary>
public static class ZeroCostProxies
{
    public static IReadOnlyList<string> Names { get; } =
        ["epe_nas", "fisher", "grad_norm", "grasp", "jacov", "l2_norm", "nwot", "plain", "snip", "synflow"];

    // Held for the process: temporary Scalars can be finalised during native calls (see SafeArithmetic).
    private static class Held
    {
        public static readonly Scalar Zero = 0.0.ToScalar();
        public static readonly Scalar One = 1.0.ToScalar();
        public static readonly Scalar Epsilon = 1e-5.ToScalar();
    }

    /// <summary>
    /// Every proxy of <paramref name="network"/> at its current (initial) weights. The network is consumed: synflow
    /// replaces its weights by their absolute values and converts it to float64.
    /// </summary>
    public static Dictionary<string, double> Compute(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        Native.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var layers = WeightLayers(network);
        var scores = new Dictionary<string, double>();
        network.train();

        using (no_grad()) scores["l2_norm"] = layers.Sum(w => w.norm().item<float>());
        var lossGradients = GradientProxies(network, layers, batch, scores);
        scores["grasp"] = Grasp(network, layers, batch, lossGradients);
        scores["synflow"] = Synflow(network, batch);
        return scores;
    }

    private static List<Tensor> WeightLayers(nn.Module network)
    {
        var weights = new List<Tensor>();
        foreach (var (_, module) in network.named_modules())
        {
            if (module is Conv2d conv) weights.Add(conv.weight!);
            else if (module is Linear linear) weights.Add(linear.weight!);
        }
        if (weights.Count == 0) throw new ArgumentException("The network has no convolution or linear layer to score.");
        return weights;
    }

    /// <summary>grad_norm, snip, plain, fisher, jacov, epe_nas and nwot from one forward pass; returns ∂L/∂W.</summary>
    private static List<Tensor> GradientProxies(nn.Module<Tensor, Tensor> network, List<Tensor> weights, ProxyBatch batch, Dictionary<string, double> scores)
    {
        int n = batch.Size;
        var codeKernel = zeros(n, n, dtype: ScalarType.Float64);
        // Fisher needs Σ_space a·∂L/∂a per sample and channel of every layer output a. That is ∂L/∂s for a scale s
        // (all ones, [n,C,1,1]) multiplied onto the output, so each layer's output is scaled by a leaf we hold.
        var scales = new List<Tensor>();
        var removers = new List<Action>();
        foreach (var (_, module) in network.named_modules())
        {
            if (module is ReLU relu)
            {
                var remover = relu.register_forward_hook((_, input, _) =>
                {
                    using var inner = NewDisposeScope();
                    using var noGrad = no_grad();
                    var codes = input.detach().flatten(1).gt(Held.Zero).to(ScalarType.Float64);
                    var off = codes.neg().add_(Held.One, Held.One);
                    codeKernel.add_(codes.mm(codes.t()), Held.One).add_(off.mm(off.t()), Held.One);
                    return null!; // keep the output
                });
                removers.Add(remover.remove);
            }
            else if (module is Conv2d or Linear)
            {
                var layer = (nn.Module<Tensor, Tensor>)module;
                var remover = layer.register_forward_hook((_, _, output) =>
                {
                    var shape = output.dim() == 4 ? new[] { output.shape[0], output.shape[1], 1L, 1L } : output.shape;
                    var scale = ones(shape, dtype: output.dtype, requires_grad: true);
                    scale.DetachFromDisposeScope();
                    scales.Add(scale);
                    return output * scale;
                });
                removers.Add(remover.remove);
            }
        }

        var input = batch.Images.clone().requires_grad_(true);
        network.zero_grad();
        var logits = network.call(input);
        foreach (var remove in removers) remove();
        var jacobian = autograd.grad([logits.sum()], [input], retain_graph: true)[0].flatten(1).to(ScalarType.Float64);
        var loss = nn.functional.cross_entropy(logits, batch.Labels);
        loss.backward();

        using (no_grad())
        {
            double gradNorm = 0, snip = 0, plain = 0, fisher = 0;
            foreach (var w in weights)
            {
                var g = w.grad ?? throw new InvalidOperationException("A weight received no gradient.");
                gradNorm += g.norm().item<float>();
                var product = g * w;
                snip += product.abs().sum().item<float>();
                plain += product.sum().item<float>();
            }
            foreach (var scale in scales)
            {
                // ∂L/∂s = Σ_space a·∂L/∂a, [n,C(,1,1)]
                if (scale.grad is { } perChannel) fisher += 0.5 * perChannel.Squared().mean([0]).sum().item<float>();
                scale.Dispose();
            }
            scores["grad_norm"] = gradNorm;
            scores["snip"] = snip;
            scores["plain"] = plain;
            scores["fisher"] = fisher;
            scores["jacov"] = JacobianCovariance(jacobian);
            scores["epe_nas"] = PerClassJacobianScore(jacobian, batch.Labels);
            scores["nwot"] = linalg.slogdet(codeKernel).Item2.item<double>();
        }
        return weights.Select(w => w.grad!.detach().clone()).ToList();
    }

    /// <summary>−Σ log(λ+k) + 1/(λ+k) over the eigenvalues of the Jacobians' correlation matrix.</summary>
    internal static double JacobianCovariance(Tensor jacobian)
    {
        // A sample whose input gradient is constant correlates with nothing (NaN entries); the reference then fails and
        // scores the network NaN, and so does this (normalisation later maps it to the space's minimum).
        var correlation = jacobian.corrcoef();
        if (!correlation.isfinite().all().item<bool>()) return double.NaN;
        Tensor eigenvalues;
        try
        {
            eigenvalues = linalg.eigvalsh(correlation);
        }
        catch (System.Runtime.InteropServices.ExternalException)
        {
            return double.NaN; // eigh did not converge: as undefined as the reference's failure
        }
        // The matrix is symmetric positive semi-definite; eigenvalues a rounding error below zero are zero.
        eigenvalues = eigenvalues.clamp_min(Held.Zero).add(Held.Epsilon, Held.One);
        return -eigenvalues.log().Plus(eigenvalues.reciprocal()).sum().item<double>();
    }

    /// <summary>Σ over classes of |Σ log(|corr|+k)| of the Jacobians of that class's samples.</summary>
    internal static double PerClassJacobianScore(Tensor jacobian, Tensor labels)
    {
        double score = 0;
        var labelArray = labels.data<long>().ToArray();
        foreach (var label in labelArray.Distinct())
        {
            var rows = tensor(Enumerable.Range(0, labelArray.Length).Where(i => labelArray[i] == label).Select(i => (long)i).ToArray());
            var members = jacobian.index_select(0, rows);
            // One sample correlates perfectly with itself: log(1 + k), as the reference's corrcoef of one row gives.
            var correlation = members.shape[0] == 1 ? ones(1, 1, dtype: ScalarType.Float64) : members.corrcoef();
            score += Math.Abs(correlation.abs().add(Held.Epsilon, Held.One).log().sum().item<double>());
        }
        return score;
    }

    /// <summary>Σ −W ⊙ Hg with g = ∂L/∂W at the same weights and batch.</summary>
    private static double Grasp(nn.Module<Tensor, Tensor> network, List<Tensor> weights, ProxyBatch batch, List<Tensor> lossGradients)
    {
        network.zero_grad();
        var loss = nn.functional.cross_entropy(network.call(batch.Images), batch.Labels);
        var gradients = autograd.grad([loss], weights, retain_graph: true, create_graph: true);
        var z = zeros(1);
        for (int i = 0; i < weights.Count; i++) z = z.Plus((gradients[i] * lossGradients[i]).sum());
        z.backward();
        using var noGrad = no_grad();
        return weights.Sum(w => (-w * w.grad!).sum().item<float>());
    }

    /// <summary>Σ|W ⊙ ∂R/∂W| for |W|, float64, all-ones input, batch-norm bypassed.</summary>
    private static double Synflow(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        using (no_grad())
            foreach (var (_, parameter) in network.named_parameters()) parameter.abs_();
        network.to(ScalarType.Float64);
        network.zero_grad();
        var bypass = new List<Action>();
        foreach (var (_, module) in network.named_modules())
            if (module is BatchNorm2d norm) bypass.Add(norm.register_forward_hook((_, input, _) => input.alias()).remove);
        var ones = torch.ones([1, .. batch.Images.shape.Skip(1)], dtype: ScalarType.Float64);
        var output = network.call(ones);
        foreach (var remove in bypass) remove();
        output.sum().backward();
        using var noGrad = no_grad();
        // The weights were converted in place, so the list still holds them.
        return WeightLayers(network).Sum(w => (w * w.grad!).abs().sum().item<double>());
    }
}

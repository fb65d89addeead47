using Nasflat.Proxies;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Nasflat.Tests.Proxies;

/// <summary>Draws from libtorch's process-wide generator, so it never runs beside a test whose seeded construction it would disturb.</summary>
[Collection(nameof(Nasflat.Tests.Native.TorchGlobalsCollection))]
public class ZeroCostProxiesTests
{
    /// <summary>A two-layer perceptron, no batch-norm: small enough to compute every proxy by hand.</summary>
    private static nn.Module<Tensor, Tensor> TinyNetwork(long seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(nn.Flatten(), nn.Linear(12, 6, hasBias: false), nn.ReLU(), nn.Linear(6, 3, hasBias: false));
    }

    private static (Tensor W1, Tensor W2) Weights(nn.Module<Tensor, Tensor> network)
    {
        var weights = network.parameters().ToList();
        return (weights[0].detach().clone(), weights[1].detach().clone());
    }

    [Fact]
    public void NormAndSynflowMatchTheirDefinitions()
    {
        using var batch = new ProxyBatch(4, [3, 2, 2], 3, seed: 5);
        var network = TinyNetwork(1);
        var (w1, w2) = Weights(network);
        var scores = ZeroCostProxies.Compute(network, batch);

        Assert.Equal(w1.norm().item<float>() + w2.norm().item<float>(), scores["l2_norm"], 4);
        // With |W| and an all-ones input every ReLU passes its input, R = 1ᵀ|W2||W1|1, and for a network of
        // L linear layers Σ|W ⊙ ∂R/∂W| = L·R.
        double r = w2.abs().to(ScalarType.Float64).matmul(w1.abs().to(ScalarType.Float64)).sum().item<double>();
        Assert.Equal(2 * r, scores["synflow"], 1e-9 * r);
    }

    [Fact]
    public void GradientProxiesMatchAHandComputedBackwardPass()
    {
        using var batch = new ProxyBatch(6, [3, 2, 2], 3, seed: 7);
        var network = TinyNetwork(2);
        var (w1, w2) = Weights(network);
        var scores = ZeroCostProxies.Compute(network, batch);

        var a = w1.clone().requires_grad_(true);
        var b = w2.clone().requires_grad_(true);
        var x = batch.Images.flatten(1);
        var hidden = x.matmul(a.t());
        var loss = nn.functional.cross_entropy(hidden.relu().matmul(b.t()), batch.Labels);
        loss.backward();
        double snip = (a.grad! * a).abs().sum().item<float>() + (b.grad! * b).abs().sum().item<float>();
        double plain = (a.grad! * a).sum().item<float>() + (b.grad! * b).sum().item<float>();
        double gradNorm = a.grad!.norm().item<float>() + b.grad!.norm().item<float>();
        Assert.Equal(snip, scores["snip"], 1e-4 * snip);
        Assert.Equal(plain, scores["plain"], 1e-4 * Math.Abs(snip));
        Assert.Equal(gradNorm, scores["grad_norm"], 1e-4 * gradNorm);

        // nwot: the one ReLU's input codes c, K = c·cᵀ + (1−c)(1−c)ᵀ.
        var codes = hidden.detach().gt(0).to(ScalarType.Float64);
        var kernel = codes.matmul(codes.t()) + (1 - codes).matmul((1 - codes).t());
        Assert.Equal(linalg.slogdet(kernel).Item2.item<double>(), scores["nwot"], 6);
        Assert.True(double.IsFinite(scores["grasp"]) && double.IsFinite(scores["fisher"]) && scores["fisher"] >= 0);
    }

    [Fact]
    public void JacobianScoresFollowTheirFormulas()
    {
        // Two identical rows correlate perfectly: eigenvalues of [[1,1],[1,1]] are 0 and 2.
        var jacobian = tensor(new double[] { 1, 2, 3, 4, 1, 2, 3, 4 }, [2, 4]);
        double k = 1e-5;
        double expected = -(Math.Log(k) + 1 / k + Math.Log(2 + k) + 1 / (2 + k));
        Assert.Equal(expected, ZeroCostProxies.JacobianCovariance(jacobian), 1e-6 * Math.Abs(expected));
        // A constant row has no correlation: undefined (NaN), as the reference's failure, rather than a crash.
        Assert.True(double.IsNaN(ZeroCostProxies.JacobianCovariance(tensor(new double[] { 1, 2, 3, 4, 5, 5, 5, 5 }, [2, 4]))));

        // Perfectly correlated pair in class 0 (|corr| = 1 everywhere), a lone sample in class 1 (contributes log(1+k)).
        var three = tensor(new double[] { 1, 2, 3, 4, 2, 4, 6, 8, 5, 1, 0, 2 }, [3, 4]);
        double perClass = ZeroCostProxies.PerClassJacobianScore(three, tensor(new long[] { 0, 0, 1 }));
        Assert.Equal(4 * Math.Log(1 + k) + Math.Log(1 + k), perClass, 1e-9);
    }

    [Fact]
    public void ProxyBatchesAreDeterministicAndBalanced()
    {
        using var first = new ProxyBatch(16, [3, 32, 32], 10, seed: 1);
        using var second = new ProxyBatch(16, [3, 32, 32], 10, seed: 1);
        Assert.True(first.Images.eq(second.Images).all().item<bool>());
        Assert.True(first.Labels.eq(second.Labels).all().item<bool>());
        var counts = first.Labels.data<long>().ToArray().GroupBy(l => l).Select(g => g.Count()).ToList();
        Assert.Equal(10, counts.Count);
        Assert.InRange(counts.Max() - counts.Min(), 0, 1);
        Assert.Throws<NasflatException>(() => new ProxyBatch(1, [3, 32, 32], 10, 1));
    }
}

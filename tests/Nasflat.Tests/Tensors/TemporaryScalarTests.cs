using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Tests.Tensors;

public class TemporaryScalarTests
{
    [Fact]
    public void TheLibraryHandsLibtorchNoScalarThatNobodyHolds()
    {
        var findings = TemporaryScalarScan.Find(typeof(Nasflat.Tensors.SafeArithmetic).Assembly.Location);
        Assert.True(findings.Count == 0,
            $"{findings.Count} call(s) make a temporary Scalar; hold one for the call (see Nasflat.Tensors.SafeArithmetic):\n" + string.Join("\n", findings));
    }

    [Fact]
    public void TheScanFindsImplicitScalarsAndTorchSharpCallsThatMakeThem()
    {
        var findings = TemporaryScalarScan.Find(typeof(TemporaryScalarTests).Assembly.Location, type => type.StartsWith(typeof(Examples).FullName!.Replace('+', '/')));
        var methods = findings.Select(f => f.Method.Split("::")[1]).ToHashSet();
        Assert.Contains(nameof(Examples.Implicit), methods);
        Assert.Contains(nameof(Examples.PlusOperator), methods);
        Assert.DoesNotContain(nameof(Examples.Held), methods);
        Assert.DoesNotContain(nameof(Examples.TensorOnly), methods);
        // The finding names the source line, so the fix can start there.
        Assert.All(findings, f => Assert.Matches(@"^TemporaryScalarTests\.cs:\d+$", f.Where));
    }

    /// <summary>Code for the scan to read; never run.</summary>
    private static class Examples
    {
        public static Tensor Implicit(Tensor x) => x.mul(0.5);

        public static Tensor PlusOperator(Tensor x, Tensor y) => x + y;

        public static Tensor Held(Tensor x, Scalar half) => x.mul(half);

        public static Tensor TensorOnly(Tensor x, Tensor y) => x.mul(y);
    }
}

public class SafeArithmeticTests
{
    public SafeArithmeticTests() => Nasflat.Native.TorchRuntime.EnsureLoaded();

    [Fact]
    public void SoftplusAndSquaredMatchTorchInValueAndGradient()
    {
        double[] points = [-30, -5, -0.5, 0, 0.3, 4, 19.9, 20.1, 60];
        using var ours = torch.tensor(points, requires_grad: true);
        using var theirs = torch.tensor(points, requires_grad: true);
        var oursOut = Nasflat.Tensors.SafeArithmetic.Softplus(ours);
        var theirsOut = nn.functional.softplus(theirs);
        // Same formula on both sides of the threshold; float64 rounding only (tolerance 1e-12).
        Assert.True(oursOut.allclose(theirsOut, rtol: 1e-12, atol: 1e-12), oursOut.ToString(TorchSharp.TensorStringStyle.Julia));
        Nasflat.Tensors.SafeArithmetic.Squared(oursOut).sum().backward();
        theirsOut.square().sum().backward();
        Assert.False(ours.grad!.isnan().any().item<bool>());
        Assert.True(ours.grad!.allclose(theirs.grad!, rtol: 1e-12, atol: 1e-12));
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Tensors;

/// <summary>
/// Tensor arithmetic without temporary scalars. TorchSharp 0.107 implements <c>a + b</c> as <c>a.add(b, 1)</c>,
/// <c>x.square()</c> as <c>x.pow(2)</c> and <c>softplus(x)</c> with its β and threshold as fresh Scalars: each
/// Scalar's handle goes to the native call while the managed object is already unreachable, so a garbage collection
/// can finalise it during the call. In bfloat16 that surfaced as a crash ("toBFloat16 … Expected false to be true")
/// after minutes of training; in float32 it could silently read a wrong alpha. These helpers pass only Scalars that
/// live for the whole process. (Subtraction of tensors has no alpha in TorchSharp and is safe.) The test
/// <c>TemporaryScalarTests</c> reads the compiled library and fails on any call that still makes a temporary Scalar.
/// </summary>
public static class SafeArithmetic
{
    private static readonly Scalar One = 1.ToScalar();
    private static readonly Scalar SoftplusThreshold = 20.ToScalar();

    public static Tensor Plus(this Tensor left, Tensor right) => left.add(right, One);

    public static Tensor Plus(this Tensor left, Scalar right) => left.add(right, One);

    /// <summary>In-place <c>left += right</c>; returns left.</summary>
    public static Tensor PlusInPlace(this Tensor left, Tensor right) => left.add_(right, One);

    /// <summary>x², as <c>x * x</c> (libtorch computes <c>pow(x, 2)</c> the same way).</summary>
    public static Tensor Squared(this Tensor x) => x.mul(x);

    /// <summary>
    /// softplus with PyTorch's defaults (β = 1, threshold 20): log(1 + eˣ), and x itself above the threshold. The
    /// exponential is taken of x capped at the threshold, so the branch not taken never overflows into a NaN gradient.
    /// </summary>
    public static Tensor Softplus(this Tensor x) =>
        torch.where(x.gt(SoftplusThreshold), x, x.clamp_max(SoftplusThreshold).exp().log1p());
}

using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Tensors;

/// <summary>
/// Tensor addition without temporary scalars. TorchSharp 0.107 implements <c>a + b</c> as
/// <c>a.add(b, 1)</c>: the 1 becomes a fresh Scalar whose handle goes to the native call while the managed object is
/// already unreachable, so a garbage collection can finalise it during the call. In bfloat16 that surfaced as a
/// crash ("toBFloat16 … Expected false to be true") after minutes of training; in float32 it could silently read a
/// wrong alpha. These helpers pass one Scalar that lives for the whole process. (Subtraction of tensors has no alpha
/// in TorchSharp and is safe.)
/// </summary>
public static class SafeArithmetic
{
    private static readonly Scalar One = 1.ToScalar();

    public static Tensor Plus(this Tensor left, Tensor right) => left.add(right, One);

    public static Tensor Plus(this Tensor left, Scalar right) => left.add(right, One);

    /// <summary>In-place <c>left += right</c>; returns left.</summary>
    public static Tensor PlusInPlace(this Tensor left, Tensor right) => left.add_(right, One);
}

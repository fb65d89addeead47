using static TorchSharp.torch;

namespace Nasflat.Tensors;

/// <summary>
/// A module's parameters made views of one contiguous buffer, and their gradients views of a second. An optimizer step,
/// a gradient reset or a precision copy then costs a handful of native calls instead of a handful per parameter tensor.
/// Fine-tuning steps are small, so those per-tensor calls were a large share of the optimizer's time.
/// </summary>
/// <remarks>
/// Backward accumulates into an existing gradient in place, so the views stay shared as long as the gradients are
/// reset with <see cref="ZeroGradients"/>. <c>Module.zero_grad()</c> sets them to null instead, after which backward
/// allocates new ones. <see cref="CheckShared"/> detects that, so that an optimizer never silently steps on stale zeros.
/// </remarks>
public sealed class FlatParameters : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly long _lastOffset;

    public FlatParameters(IEnumerable<Tensor> parameters)
    {
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0) throw new ArgumentException("No parameters to flatten.", nameof(parameters));
        var type = _parameters[0].dtype;
        if (_parameters.FirstOrDefault(p => p.dtype != type) is { } other)
            throw new ArgumentException($"Parameters of one buffer share one type; found {type} and {other.dtype}.", nameof(parameters));
        long total = _parameters.Sum(p => p.numel());
        Values = empty(total, dtype: type, device: _parameters[0].device);
        Gradients = zeros(total, dtype: type, device: _parameters[0].device);
        using var noGrad = no_grad();
        // The slices' wrappers are temporaries: the scope holds them through their native calls and frees them after
        // (one left to the finalizer can be freed while libtorch still reads it; see TensorLifetimeTests).
        using var scope = NewDisposeScope();
        long offset = 0;
        foreach (var parameter in _parameters)
        {
            long count = parameter.numel();
            var value = Values.narrow(0, offset, count).view(parameter.shape);
            value.copy_(parameter);
            parameter.set_(value); // returns the parameter itself in this TorchSharp: not to be disposed
            parameter.grad = Gradients.narrow(0, offset, count).view(parameter.shape);
            _lastOffset = offset;
            offset += count;
        }
    }

    /// <summary>Every parameter's value, in parameter order.</summary>
    public Tensor Values { get; }

    /// <summary>Every parameter's gradient, in parameter order; zero for a parameter the last backward did not reach.</summary>
    public Tensor Gradients { get; }

    public void ZeroGradients()
    {
        // zero_ returns a new wrapper of the same tensor in TorchSharp 0.107; the scope frees it.
        using var scope = NewDisposeScope();
        Gradients.zero_();
    }

    /// <summary>Throws if the gradients no longer live in <see cref="Gradients"/> (someone reset them to null).</summary>
    public void CheckShared()
    {
        // Checking one parameter is enough: a reset to null resets all of them. A view of the shared buffer is known by
        // its offset into it: the last parameter's is non-zero where there are two or more, a fresh gradient's is 0.
        using var gradient = _parameters[^1].grad;
        if (gradient is null || gradient.storage_offset() != _lastOffset)
            throw new InvalidOperationException(
                "The parameters' gradients no longer share the flat buffer; reset them with FlatParameters.ZeroGradients, not Module.zero_grad.");
    }

    public void Dispose()
    {
        Values.Dispose();
        Gradients.Dispose();
    }
}

using Nasflat.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Training;

/// <summary>
/// bfloat16 mixed-precision training: the float32 model keeps the weights and the optimizer state; each step copies
/// the weights into a bfloat16 working copy, runs forward and backward there (its matrix products are several times
/// faster on CPUs with AVX-512 BF16), and hands the gradients back in float32. The loss is computed in float32.
/// </summary>
public sealed class MixedPrecision : IDisposable
{
    private readonly NasflatPredictor _master;
    private readonly NasflatPredictor _working;
    private readonly (Tensor Master, Tensor Working)[] _pairs;

    public MixedPrecision(NasflatPredictor master)
    {
        _master = master;
        // The predictor has parameters only (no buffers), so copying parameters copies the whole state.
        _working = master.CopyIn(ScalarType.BFloat16);
        var workingByName = _working.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        _pairs = master.named_parameters().Select(p => ((Tensor)p.parameter, workingByName[p.name])).ToArray();
    }

    /// <summary>Loads the master's current weights and training mode into the working copy and returns it.</summary>
    public NasflatPredictor Prepare()
    {
        using (torch.no_grad())
            foreach (var (master, working) in _pairs) working.copy_(master);
        _working.train(_master.training);
        return _working;
    }

    /// <summary>Sets each master parameter's gradient to the working copy's, in float32.</summary>
    public void CopyGradientsToMaster()
    {
        using var noGrad = torch.no_grad();
        foreach (var (master, working) in _pairs)
        {
            var gradient = working.grad;
            if (gradient is null) continue;
            if (master.grad is { } existing) existing.copy_(gradient);
            else master.grad = gradient.to(ScalarType.Float32).detach().MoveToOuterDisposeScope();
        }
    }

    public void Dispose() => _working.Dispose();
}

using Nasflat.Models;
using Nasflat.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Training;

/// <summary>
/// bfloat16 mixed-precision training: the float32 model keeps the weights and the optimizer state; each step copies
/// the weights into a bfloat16 working copy, runs forward and backward there (its matrix products are several times
/// faster on CPUs with AVX-512 BF16), and hands the gradients back in float32. The loss is computed in float32.
/// Both copies keep their parameters and gradients in flat buffers of the same layout, so each copy is one native call.
/// </summary>
public sealed class MixedPrecision : IDisposable
{
    private readonly NasflatPredictor _master;
    private readonly FlatParameters _masterParameters;
    private readonly NasflatPredictor _working;
    private readonly FlatParameters _workingParameters;

    /// <param name="masterParameters">The master's parameters, flattened in <c>named_parameters</c> order.</param>
    public MixedPrecision(NasflatPredictor master, FlatParameters masterParameters)
    {
        _master = master;
        _masterParameters = masterParameters;
        // The predictor has parameters only (no buffers), so copying parameters copies the whole state.
        _working = master.CopyIn(ScalarType.BFloat16);
        var workingByName = _working.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        _workingParameters = new FlatParameters(master.named_parameters().Select(p => workingByName[p.name]));
    }

    /// <summary>Loads the master's current weights and training mode into the working copy and returns it.</summary>
    public NasflatPredictor Prepare()
    {
        using (torch.no_grad()) _workingParameters.Values.copy_(_masterParameters.Values);
        _working.train(_master.training);
        return _working;
    }

    public void ZeroGradients() => _workingParameters.ZeroGradients();

    /// <summary>Sets the master's gradients to the working copy's, in float32.</summary>
    public void CopyGradientsToMaster()
    {
        _workingParameters.CheckShared();
        using var noGrad = torch.no_grad();
        _masterParameters.Gradients.copy_(_workingParameters.Gradients);
    }

    public void Dispose()
    {
        _workingParameters.Dispose();
        _working.Dispose();
    }
}

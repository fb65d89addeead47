using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Training;

/// <summary>
/// A copy of a module's parameters and buffers, taken once (after pretraining) and restored before each device or fold
/// is fine-tuned, so every fine-tune starts from the same weights. Disposing it frees the copies at once instead of
/// leaving native memory to the garbage collector.
/// </summary>
public sealed class WeightSnapshot : IDisposable
{
    private readonly Dictionary<string, Tensor> _weights;
    private bool _disposed;

    private WeightSnapshot(Dictionary<string, Tensor> weights) => _weights = weights;

    public static WeightSnapshot Of(nn.Module module)
    {
        // The scope holds the detached views through the copies' native calls; the copies belong to the snapshot.
        using var scope = NewDisposeScope();
        var copies = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        scope.Detach(copies.Values);
        return new WeightSnapshot(copies);
    }

    /// <summary>Puts the saved weights back into a module of the same structure (the one it was taken from, or a new one).</summary>
    public void RestoreInto(nn.Module module)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        module.load_state_dict(_weights);
    }

    public void Dispose()
    {
        if (_disposed) return;
        foreach (var tensor in _weights.Values) tensor.Dispose();
        _disposed = true;
    }
}

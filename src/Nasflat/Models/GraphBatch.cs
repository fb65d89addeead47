using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Models;

/// <summary>
/// A batch of same-sized graphs as tensors: transposed adjacency <c>[b,V,V]</c> (row i lists i's predecessors),
/// operation labels <c>[b,V]</c>, device index <c>[b]</c>, optional supplementary vectors <c>[b,Z]</c>, optional prior
/// scores <c>[b]</c> (standardised log FLOPs, for <see cref="PredictorOptions.FlopsPrior"/>).
/// <see cref="IdentityAdjacency"/> says every adjacency is the identity (NASFLAT's FBNet graphs), which lets the
/// layers skip their V×V products; the results are the same.
/// </summary>
public sealed record GraphBatch(Tensor IncomingAdjacency, Tensor Operations, Tensor Devices, Tensor? Supplementary, bool IdentityAdjacency = false, Tensor? Prior = null)
{
    /// <summary>The adjacency the layers use: null stands for the identity.</summary>
    internal Tensor? LayerAdjacency => IdentityAdjacency ? null : IncomingAdjacency;

    public long Size => Operations.shape[0];
    public long NodeCount => Operations.shape[1];
}

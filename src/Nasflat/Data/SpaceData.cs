using System.Collections.Immutable;
using Nasflat.Spaces;

namespace Nasflat.Data;

/// <summary>Everything known about one search space: its architectures, their latencies and the extra tables.</summary>
public abstract class SpaceData(SearchSpaceKind space, LatencyMatrix latency, ImmutableArray<int> helpReferenceIndices)
{
    public SearchSpaceKind Space { get; } = space;
    public LatencyMatrix Latency { get; } = latency;
    public int ArchitectureCount => Latency.ArchitectureCount;

    /// <summary>Indices of HELP's reference architectures whose latencies form its hardware embedding, in HELP's order.</summary>
    public ImmutableArray<int> HelpReferenceIndices { get; } = helpReferenceIndices;

    /// <summary>The architecture's text form: an NB201 arch string or an FBNet op key.</summary>
    public abstract string ArchitectureText(int index);

    /// <summary>Finds an architecture given as text (arch string or op list); a clear error when it is not in the data.</summary>
    public abstract int IndexOf(string architecture);

    public abstract ArchGraph Graph(int index);

    /// <summary>Multiply-accumulates of the space's default network (NB201: CIFAR-10, FBNet: CIFAR-100).</summary>
    public abstract long Flops(int index);

    public abstract long Parameters(int index);

    /// <summary>The same space with more devices (e.g. a device being predicted); everything else is shared.</summary>
    public abstract SpaceData WithDevices(IEnumerable<DeviceLatencies> devices);
}

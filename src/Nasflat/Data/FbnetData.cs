using System.Collections.Immutable;
using Nasflat.Spaces;
using Nasflat.Spaces.Fbnet;

namespace Nasflat.Data;

/// <summary>FBNet data: HELP's 5000 architectures with latencies and NASFLAT's 13 zero-cost proxies.</summary>
public sealed class FbnetData(
    ImmutableArray<FbnetArch> architectures,
    LatencyMatrix latency,
    ImmutableArray<int> helpReferenceIndices,
    MetricTable zeroCostProxies) : SpaceData(SearchSpaceKind.Fbnet, latency, helpReferenceIndices)
{
    private readonly Dictionary<FbnetArch, int> _indexOf =
        architectures.Select((arch, index) => (arch, index)).ToDictionary(p => p.arch, p => p.index);

    public ImmutableArray<FbnetArch> Architectures { get; } = architectures;

    /// <summary>Raw scores of the 13 proxies (CIFAR-100), including "flops" and "params" as NASFLAT computed them.</summary>
    public MetricTable ZeroCostProxies { get; } = zeroCostProxies;

    public override string ArchitectureText(int index) => Architectures[index].OpKey;

    public override int IndexOf(string architecture)
    {
        var arch = FbnetArch.Parse(architecture);
        return _indexOf.TryGetValue(arch, out int index)
            ? index
            : throw new NasflatException($"FBNet architecture {arch.OpKey} is valid but not one of the {Architectures.Length} in the data; it has no measured latencies.");
    }

    public bool TryIndexOf(FbnetArch arch, out int index) => _indexOf.TryGetValue(arch, out index);

    public override ArchGraph Graph(int index) => FbnetGraph.Encode(Architectures[index]);

    public override long Flops(int index) => FbnetCost.Flops(Architectures[index]);

    public override long Parameters(int index) => FbnetCost.Parameters(Architectures[index]);

    public override FbnetData WithDevices(IEnumerable<DeviceLatencies> devices) =>
        new(Architectures, Latency.With(devices), HelpReferenceIndices, ZeroCostProxies);
}

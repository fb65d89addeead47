using System.Collections.Immutable;
using Nasflat.Spaces;
using Nasflat.Spaces.Nb201;

namespace Nasflat.Data;

/// <summary>NAS-Bench-201 data: 15625 cells in NAS-Bench-201 index order with latencies, accuracies and proxies.</summary>
public sealed class Nb201Data(
    ImmutableArray<Nb201Cell> cells,
    LatencyMatrix latency,
    ImmutableArray<int> helpReferenceIndices,
    Nb201Accuracies accuracies,
    ImmutableDictionary<Nb201Dataset, MetricTable> zen,
    ImmutableDictionary<Nb201Dataset, MetricTable> naslibProxySubset,
    MetricTable hwNasBench,
    ImmutableArray<MetaD2ACandidate> metaD2ACandidates) : SpaceData(SearchSpaceKind.Nb201, latency, helpReferenceIndices)
{
    public ImmutableArray<Nb201Cell> Cells { get; } = cells;
    public Nb201Accuracies Accuracies { get; } = accuracies;

    /// <summary>Zen-NAS scores of all 15625 cells per dataset (metric "zen").</summary>
    public ImmutableDictionary<Nb201Dataset, MetricTable> Zen { get; } = zen;

    /// <summary>NASLib's 13 proxies for a 725-cell subset (724 for ImageNet16-120); "zen" is empty there.</summary>
    public ImmutableDictionary<Nb201Dataset, MetricTable> NaslibProxySubset { get; } = naslibProxySubset;

    /// <summary>HW-NAS-Bench CIFAR-10 metrics for the 12554 cells of the partial export (latency ms, energy mJ).</summary>
    public MetricTable HwNasBench { get; } = hwNasBench;

    public ImmutableArray<MetaD2ACandidate> MetaD2ACandidates { get; } = metaD2ACandidates;

    public override string ArchitectureText(int index) => Cells[index].ToString();

    public override int IndexOf(string architecture) => Nb201Index.IndexOf(Nb201Cell.Parse(architecture));

    public override ArchGraph Graph(int index) => Nb201Graph.Encode(Cells[index]);

    public override long Flops(int index) => Nb201Cost.Flops(Cells[index]);

    public override long Parameters(int index) => Nb201Cost.Parameters(Cells[index]);

    public override Nb201Data WithDevices(IEnumerable<DeviceLatencies> devices) =>
        new(Cells, Latency.With(devices), HelpReferenceIndices, Accuracies, Zen, NaslibProxySubset, HwNasBench, MetaD2ACandidates);
}

using Nasflat.Spaces;
using Nasflat.Spaces.Fbnet;
using Nasflat.Spaces.Nb201;

namespace Nasflat.Data;

/// <summary>Everything the data says about one architecture.</summary>
/// <param name="Index">Its index in the data, or null for an FBNet architecture outside HELP's 5000 (no latencies).</param>
public sealed record ArchitectureDescription(
    SearchSpaceKind Space,
    int? Index,
    string Text,
    ArchGraph Graph,
    IReadOnlyList<string> OperationVocabulary,
    long Flops,
    long Parameters,
    IReadOnlyList<(string Dataset, double TestAccuracy)> Accuracies,
    IReadOnlyList<(DeviceInfo Device, double? LatencyMs)> Latencies)
{
    /// <summary>Looks an architecture up by index or by its text form (arch string or op list).</summary>
    public static ArchitectureDescription Of(SpaceData data, string? architecture, int? index)
    {
        if (architecture is null == index is null)
            throw new NasflatException("Give either an architecture or --index, not both and not neither.");
        if (index is { } given && (given < 0 || given >= data.ArchitectureCount))
            throw new NasflatException($"Index {given} is outside 0..{data.ArchitectureCount - 1} for {data.Space.Id()}.");

        if (data is FbnetData fbnet && architecture is not null)
        {
            var arch = FbnetArch.Parse(architecture);
            if (!fbnet.TryIndexOf(arch, out int found))
                return new ArchitectureDescription(data.Space, null, arch.OpKey, FbnetGraph.Encode(arch), FbnetOps.All,
                    FbnetCost.Flops(arch), FbnetCost.Parameters(arch), [], []);
            index = found;
        }

        int i = index ?? data.IndexOf(architecture!);
        var accuracies = data is Nb201Data nb201
            ? Enum.GetValues<Nb201Dataset>().Select(d => (d.ToString(), nb201.Accuracies.TestAccuracy(i, d))).ToList()
            : [];
        IReadOnlyList<string> vocabulary = data.Space == SearchSpaceKind.Nb201 ? Nb201Graph.OperationVocabulary : FbnetOps.All;
        return new ArchitectureDescription(data.Space, i, data.ArchitectureText(i), data.Graph(i), vocabulary,
            data.Flops(i), data.Parameters(i), accuracies,
            data.Latency.Devices.Select(d => (d, data.Latency.Latency(i, d.Name))).ToList());
    }
}

using Nasflat.Data;
using Nasflat.Encodings;
using Nasflat.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Training;

/// <summary>
/// Every architecture of a space encoded once as tensors: incoming adjacency [N,V,V], operation labels [N,V] and
/// optional supplementary features [N,Z]. Batches are cut from these by index, never re-encoded.
/// </summary>
public sealed class SpaceTensors : IDisposable
{
    public Tensor IncomingAdjacency { get; }
    public Tensor Operations { get; }
    public Tensor? Supplementary { get; }

    /// <summary>Log FLOPs standardised over the space, [N] (the prior of <see cref="Models.PredictorOptions.FlopsPrior"/>).</summary>
    public Tensor Prior { get; }
    public int ArchitectureCount { get; }
    public int NodeCount { get; }

    /// <summary>True when every graph's adjacency is the identity (NASFLAT's FBNet encoding), so layers can skip V×V products.</summary>
    public bool IdentityAdjacency { get; }

    /// <param name="encode">Graph encoding per architecture index; default: the space's standard encoding.</param>
    public SpaceTensors(SpaceData data, FeatureMatrix? supplementary = null, Func<int, Spaces.ArchGraph>? encode = null)
    {
        Native.TorchRuntime.EnsureLoaded();
        encode ??= data.Graph;
        ArchitectureCount = data.ArchitectureCount;
        NodeCount = encode(0).NodeCount;
        int v = NodeCount;
        var adjacency = new float[ArchitectureCount * v * v];
        var operations = new long[ArchitectureCount * v];
        for (int i = 0; i < ArchitectureCount; i++)
        {
            var graph = encode(i);
            for (int src = 0; src < v; src++)
                for (int dst = 0; dst < v; dst++)
                    if (graph.HasEdge(src, dst)) adjacency[(i * v + dst) * v + src] = 1; // transposed: row = receiver
            for (int node = 0; node < v; node++) operations[i * v + node] = graph.Operations[node];
        }
        IncomingAdjacency = torch.tensor(adjacency, [ArchitectureCount, v, v]);
        IdentityAdjacency = Enumerable.Range(0, ArchitectureCount * v * v).All(e => adjacency[e] == ((e / v) % v == e % v ? 1f : 0f));
        Operations = torch.tensor(operations, [ArchitectureCount, v]);
        var logFlops = Enumerable.Range(0, ArchitectureCount).Select(i => Math.Log(Math.Max(1, data.Flops(i)))).ToArray();
        double mean = logFlops.Average(), std = Math.Sqrt(logFlops.Average(x => (x - mean) * (x - mean)));
        Prior = torch.tensor(logFlops.Select(x => (float)(std > 0 ? (x - mean) / std : 0)).ToArray());
        if (supplementary is not null)
        {
            if (supplementary.Rows != ArchitectureCount) throw new ArgumentException("Supplementary features cover a different space.");
            Supplementary = torch.tensor(supplementary.ToArray(), [ArchitectureCount, supplementary.Columns]);
        }
    }

    /// <summary>A batch of the given architectures, each paired with a device embedding row.</summary>
    public GraphBatch Batch(Tensor architectures, Tensor deviceRows) => new(
        IncomingAdjacency.index_select(0, architectures),
        Operations.index_select(0, architectures),
        deviceRows,
        Supplementary?.index_select(0, architectures),
        IdentityAdjacency,
        Prior.index_select(0, architectures));

    public GraphBatch Batch(ReadOnlySpan<long> architectures, long deviceRow)
    {
        var index = torch.tensor(architectures.ToArray());
        var devices = new long[architectures.Length];
        Array.Fill(devices, deviceRow);
        return Batch(index, torch.tensor(devices));
    }

    public void Dispose()
    {
        IncomingAdjacency.Dispose();
        Operations.Dispose();
        Supplementary?.Dispose();
        Prior.Dispose();
    }
}

using Nasflat.Data;
using Nasflat.Spaces.Nb201;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Baselines;

/// <summary>
/// HELP's architecture inputs for a whole space, built once. NB201: the cell's node graph (input, six edge operations,
/// output) with a global node appended that every node feeds, self-loops, and one-hot node labels plus a global-node
/// flag, for a 4-layer GCN read out at the global node. FBNet: per layer a 6-wide code (kernel 3 or 5, then expansion
/// 1, 1 with groups 2, 3 or 6; all zero for a skip), 132 values in all, for an MLP.
/// </summary>
internal sealed class HelpInputs : IDisposable
{
    /// <summary>NB201: [N, V+1, F] node features; FBNet: [N, 132].</summary>
    public Tensor Features { get; }

    /// <summary>NB201: [N, V+1, V+1] row = receiving node; null for FBNet.</summary>
    public Tensor? Adjacency { get; }

    public bool IsGraph => Adjacency is not null;

    /// <summary>Width of one node's (or the MLP's) input.</summary>
    public int InputWidth { get; }

    public HelpInputs(SpaceData data)
    {
        Native.TorchRuntime.EnsureLoaded();
        if (data is FbnetData fbnet)
        {
            const int width = 6;
            var values = new float[fbnet.ArchitectureCount * Spaces.Fbnet.FbnetArch.LayerCount * width];
            for (int a = 0; a < fbnet.ArchitectureCount; a++)
                for (int layer = 0; layer < Spaces.Fbnet.FbnetArch.LayerCount; layer++)
                {
                    int op = (int)fbnet.Architectures[a][layer];
                    if (op == (int)Spaces.Fbnet.FbnetOp.Skip) continue;
                    int offset = (a * Spaces.Fbnet.FbnetArch.LayerCount + layer) * width;
                    values[offset + (op < 4 ? 0 : 1)] = 1;
                    values[offset + 2 + op % 4] = 1;
                }
            InputWidth = Spaces.Fbnet.FbnetArch.LayerCount * width;
            Features = torch.tensor(values, [fbnet.ArchitectureCount, InputWidth]);
            return;
        }

        int v = data.Graph(0).NodeCount, nodes = v + 1, labels = Nb201Graph.OperationVocabulary.Count;
        InputWidth = labels + 1;
        var features = new float[data.ArchitectureCount * nodes * InputWidth];
        var adjacency = new float[data.ArchitectureCount * nodes * nodes];
        for (int a = 0; a < data.ArchitectureCount; a++)
        {
            var graph = data.Graph(a);
            int f = a * nodes * InputWidth, m = a * nodes * nodes;
            for (int node = 0; node < v; node++)
            {
                features[f + node * InputWidth + graph.Operations[node]] = 1;
                for (int from = 0; from < v; from++)
                    if (graph.HasEdge(from, node)) adjacency[m + node * nodes + from] = 1;
                adjacency[m + node * nodes + node] = 1;
                adjacency[m + v * nodes + node] = 1;
            }
            features[f + v * InputWidth + labels] = 1;
            adjacency[m + v * nodes + v] = 1;
        }
        Features = torch.tensor(features, [data.ArchitectureCount, nodes, InputWidth]);
        Adjacency = torch.tensor(adjacency, [data.ArchitectureCount, nodes, nodes]);
    }

    public (Tensor Features, Tensor? Adjacency) Select(Tensor architectures) =>
        (Features.index_select(0, architectures), Adjacency?.index_select(0, architectures));

    public void Dispose()
    {
        Features.Dispose();
        Adjacency?.Dispose();
    }
}

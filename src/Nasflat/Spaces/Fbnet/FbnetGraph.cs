using System.Collections.Immutable;

namespace Nasflat.Spaces.Fbnet;

/// <summary>How the layers of an FBNet graph are connected for a GNN.</summary>
public enum FbnetAdjacency
{
    /// <summary>NASFLAT's encoding: a 22×22 identity matrix, i.e. no messages between layers.</summary>
    Identity,
    /// <summary>Each layer feeds the next one, as data flows through the network.</summary>
    Chain,
}

/// <summary>The 22-node graph of an FBNet architecture: one node per searchable layer, labelled with its op (0..8).</summary>
public static class FbnetGraph
{
    public const int NodeCount = FbnetArch.LayerCount;

    public static ArchGraph Encode(FbnetArch arch, FbnetAdjacency adjacency = FbnetAdjacency.Identity)
    {
        var matrix = new bool[NodeCount, NodeCount];
        for (int i = 0; i < NodeCount; i++)
        {
            if (adjacency == FbnetAdjacency.Identity) matrix[i, i] = true;
            else if (i + 1 < NodeCount) matrix[i, i + 1] = true;
        }
        return ArchGraph.FromMatrix(matrix, arch.Ops.Select(op => (int)op).ToImmutableArray());
    }
}

using System.Collections.Immutable;

namespace Nasflat.Spaces;

/// <summary>
/// A predictor's view of an architecture: a directed graph over a fixed number of nodes, each node labelled with an
/// operation index. <c>Adjacency[src * NodeCount + dst]</c> is true when src feeds dst.
/// </summary>
public sealed record ArchGraph(int NodeCount, ImmutableArray<bool> Adjacency, ImmutableArray<int> Operations)
{
    public bool HasEdge(int source, int destination) => Adjacency[source * NodeCount + destination];

    public int EdgeCount => Adjacency.Count(edge => edge);

    /// <summary>Rows of the adjacency matrix as bit strings, e.g. "01101000".</summary>
    public IEnumerable<string> AdjacencyRows() =>
        Enumerable.Range(0, NodeCount).Select(row =>
            string.Concat(Enumerable.Range(0, NodeCount).Select(col => HasEdge(row, col) ? '1' : '0')));

    public static ArchGraph FromMatrix(bool[,] adjacency, IEnumerable<int> operations)
    {
        int n = adjacency.GetLength(0);
        var flat = ImmutableArray.CreateBuilder<bool>(n * n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) flat.Add(adjacency[i, j]);
        var ops = operations.ToImmutableArray();
        if (ops.Length != n) throw new ArgumentException($"{ops.Length} operations for {n} nodes.", nameof(operations));
        return new ArchGraph(n, flat.MoveToImmutable(), ops);
    }
}

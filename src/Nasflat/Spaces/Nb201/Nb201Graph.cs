namespace Nasflat.Spaces.Nb201;

/// <summary>
/// NASFLAT's 8-node "operation on node" graph of an NB201 cell: node 0 is the input, nodes 1..6 are the six edges
/// in arch-string order, node 7 is the output. <c>none</c> nodes are cut out, <c>skip_connect</c> nodes are bypassed,
/// then nodes that do not lie on an input-to-output path are pruned. Operation labels are not changed by any of this.
/// </summary>
public static class Nb201Graph
{
    public const int NodeCount = 8;

    /// <summary>Operation vocabulary of the graph labels, in the order of NASFLAT's one-hot columns.</summary>
    public static IReadOnlyList<string> OperationVocabulary { get; } =
        ["output", "input", "avg_pool_3x3", "nor_conv_1x1", "nor_conv_3x3", "none", "skip_connect"];

    public const int OutputLabel = 0;
    public const int InputLabel = 1;

    // Base DAG between edge-nodes: edge 1←0 (node 1) feeds edges 2←1 and 3←1 (nodes 3, 5), and so on.
    private static readonly (int From, int To)[] BaseEdges =
        [(0, 1), (0, 2), (0, 4), (1, 3), (1, 5), (2, 6), (3, 6), (4, 7), (5, 7), (6, 7)];

    public static int Label(Nb201Op op) => op switch
    {
        Nb201Op.AvgPool3x3 => 2,
        Nb201Op.NorConv1x1 => 3,
        Nb201Op.NorConv3x3 => 4,
        Nb201Op.None => 5,
        Nb201Op.SkipConnect => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static ArchGraph Encode(Nb201Cell cell)
    {
        var a = new bool[NodeCount, NodeCount];
        foreach (var (from, to) in BaseEdges) a[from, to] = true;

        for (int edge = 0; edge < Nb201Cell.EdgeCount; edge++)
        {
            int node = edge + 1;
            if (cell[edge] == Nb201Op.None) Isolate(a, node);
            else if (cell[edge] == Nb201Op.SkipConnect) Bypass(a, node);
        }
        Prune(a);

        var labels = new int[NodeCount];
        labels[0] = InputLabel;
        for (int edge = 0; edge < Nb201Cell.EdgeCount; edge++) labels[edge + 1] = Label(cell[edge]);
        labels[NodeCount - 1] = OutputLabel;
        return ArchGraph.FromMatrix(a, labels);
    }

    private static void Isolate(bool[,] a, int node)
    {
        for (int k = 0; k < NodeCount; k++) a[node, k] = a[k, node] = false;
    }

    private static void Bypass(bool[,] a, int node)
    {
        var predecessors = Enumerable.Range(0, NodeCount).Where(p => a[p, node]).ToList();
        var successors = Enumerable.Range(0, NodeCount).Where(s => a[node, s]).ToList();
        foreach (int p in predecessors)
            foreach (int s in successors) a[p, s] = true;
        // A one-sided node keeps its dangling edge here; pruning removes it.
        if (successors.Count > 0) foreach (int p in predecessors) a[p, node] = false;
        if (predecessors.Count > 0) foreach (int s in successors) a[node, s] = false;
    }

    private static void Prune(bool[,] a)
    {
        var fromInput = Reach(a, 0, forward: true);
        var toOutput = Reach(a, NodeCount - 1, forward: false);
        for (int node = 0; node < NodeCount; node++)
            if (!fromInput[node] || !toOutput[node]) Isolate(a, node);
    }

    private static bool[] Reach(bool[,] a, int start, bool forward)
    {
        var seen = new bool[NodeCount];
        var queue = new Queue<int>([start]);
        seen[start] = true;
        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            for (int next = 0; next < NodeCount; next++)
            {
                bool linked = forward ? a[node, next] : a[next, node];
                if (linked && !seen[next]) { seen[next] = true; queue.Enqueue(next); }
            }
        }
        return seen;
    }
}

namespace Nasflat.Tasks;

/// <summary>
/// Kernighan–Lin bisection of a complete weighted graph: from a random balanced split, repeatedly swap node pairs
/// to lower the total weight of edges across the cut, taking the best prefix of each sweep, for at most
/// <c>maxIterations</c> sweeps (as networkx's <c>kernighan_lin_bisection</c>, but seeded).
/// </summary>
public static class KernighanLin
{
    public static (int[] Left, int[] Right) Bisect(double[,] weight, Random random, int maxIterations = 10)
    {
        int n = weight.GetLength(0);
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var side = new bool[n]; // true = right
        for (int i = n / 2; i < n; i++) side[order[i]] = true;

        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            var swaps = Sweep(weight, side);
            double best = 0, running = 0;
            int bestPrefix = 0;
            for (int s = 0; s < swaps.Count; s++)
            {
                running += swaps[s].Gain;
                if (running > best + 1e-12) { best = running; bestPrefix = s + 1; }
            }
            if (bestPrefix == 0) break;
            foreach (var (a, b, _) in swaps.Take(bestPrefix))
            {
                side[a] = !side[a];
                side[b] = !side[b];
            }
        }
        return (Enumerable.Range(0, n).Where(i => !side[i]).ToArray(), Enumerable.Range(0, n).Where(i => side[i]).ToArray());
    }

    /// <summary>Total weight of the edges between the two sides (self-loops never cross).</summary>
    public static double CutWeight(double[,] weight, IReadOnlyCollection<int> left, IReadOnlyCollection<int> right) =>
        left.Sum(l => right.Sum(r => weight[l, r]));

    private static List<(int A, int B, double Gain)> Sweep(double[,] weight, bool[] side)
    {
        int n = side.Length;
        var current = (bool[])side.Clone();
        var locked = new bool[n];
        var swaps = new List<(int, int, double)>();
        while (true)
        {
            // D(v) = external − internal weight; swapping a and b lowers the cut by D(a) + D(b) − 2 w(a, b).
            var d = new double[n];
            for (int v = 0; v < n; v++)
                for (int u = 0; u < n; u++)
                    if (u != v) d[v] += current[u] != current[v] ? weight[v, u] : -weight[v, u];
            (int A, int B, double Gain)? best = null;
            for (int a = 0; a < n; a++)
            {
                if (locked[a] || current[a]) continue;
                for (int b = 0; b < n; b++)
                {
                    if (locked[b] || !current[b]) continue;
                    double gain = d[a] + d[b] - 2 * weight[a, b];
                    if (best is null || gain > best.Value.Gain + 1e-12) best = (a, b, gain);
                }
            }
            if (best is not { } swap) return swaps;
            swaps.Add(swap);
            locked[swap.A] = locked[swap.B] = true;
            current[swap.A] = !current[swap.A];
            current[swap.B] = !current[swap.B];
        }
    }
}

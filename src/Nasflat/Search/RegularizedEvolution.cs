using Nasflat.Spaces.Nb201;

namespace Nasflat.Search;

/// <summary>
/// Regularised (aging) evolution (Real et al., 2019) over NB201 cells: a population of 50, tournaments of 10, one
/// random edge mutated per child, the oldest member removed each step. Fitness is accuracy when the predicted
/// latency meets the constraint, otherwise accuracy minus a penalty proportional to the excess, so the search
/// stays near the feasible boundary. Returns every architecture it evaluated.
/// </summary>
public static class RegularizedEvolution
{
    public static IReadOnlyList<int> Run(Func<int, double> accuracy, Func<int, double> predictedMs, double constraintMs,
        int budget, int population, int tournament, Random random)
    {
        double Fitness(int index)
        {
            double excess = predictedMs(index) / constraintMs - 1;
            return excess <= 0 ? accuracy(index) : accuracy(index) - 100 * excess - 10;
        }

        var visited = new List<int>();
        var seen = new HashSet<int>();
        void Visit(int index)
        {
            if (seen.Add(index)) visited.Add(index);
        }

        var queue = new Queue<int>();
        while (queue.Count < population)
        {
            int index = random.Next(Nb201Cell.SpaceSize);
            queue.Enqueue(index);
            Visit(index);
        }
        for (int step = population; step < budget; step++)
        {
            var members = queue.ToArray();
            int parent = Enumerable.Range(0, tournament).Select(_ => members[random.Next(members.Length)]).MaxBy(Fitness);
            int child = Mutate(parent, random);
            queue.Enqueue(child);
            queue.Dequeue();
            Visit(child);
        }
        return visited;
    }

    private static int Mutate(int index, Random random)
    {
        var ops = Nb201Index.CellAt(index).Ops.ToArray();
        int edge = random.Next(Nb201Cell.EdgeCount);
        var op = (Nb201Op)random.Next(4);
        if (op >= ops[edge]) op++; // a different operation, uniformly
        ops[edge] = op;
        return Nb201Index.IndexOf(new Nb201Cell(ops));
    }
}

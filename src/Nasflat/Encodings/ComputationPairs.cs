namespace Nasflat.Encodings;

/// <summary>
/// CATE's training pairs: each architecture is paired with another of similar computational cost. Architectures are
/// ordered by (log FLOPs, log params) and each draws its partner among its <c>window</c> nearest neighbours on either
/// side of that order, so the partner's operations are informative about the masked ones without being a copy.
/// </summary>
public sealed class ComputationPairs
{
    private readonly int[] _order;
    private readonly int[] _rank;
    private readonly int _window;

    /// <param name="flops">FLOPs of every architecture of the training set.</param>
    /// <param name="parameters">Parameter counts, the tie-breaker among equal FLOPs.</param>
    /// <param name="window">How many neighbours on each side of the cost order are candidate partners.</param>
    public ComputationPairs(IReadOnlyList<long> flops, IReadOnlyList<long> parameters, int window)
    {
        if (flops.Count != parameters.Count) throw new ArgumentException("One FLOPs and one parameter count per architecture.");
        if (flops.Count < 2) throw new NasflatException($"CATE needs at least two architectures to pair; got {flops.Count}.");
        if (window < 1) throw new NasflatException($"CATE's pairing window must be at least 1; got {window}.");
        _window = window;
        _order = Enumerable.Range(0, flops.Count).OrderBy(i => flops[i]).ThenBy(i => parameters[i]).ThenBy(i => i).ToArray();
        _rank = new int[_order.Length];
        for (int r = 0; r < _order.Length; r++) _rank[_order[r]] = r;
    }

    /// <summary>A partner for <paramref name="architecture"/>, never itself.</summary>
    public int PartnerOf(int architecture, Random random)
    {
        int rank = _rank[architecture];
        int low = Math.Max(0, rank - _window), high = Math.Min(_order.Length - 1, rank + _window);
        int pick = random.Next(low, high); // high − low candidates once the architecture itself is skipped
        return _order[pick >= rank ? pick + 1 : pick];
    }

    /// <summary>The nearest architecture in cost order (the next one up, or the one below for the most expensive).</summary>
    public int NearestOf(int architecture)
    {
        int rank = _rank[architecture];
        return _order[rank + 1 < _order.Length ? rank + 1 : rank - 1];
    }
}

namespace Nasflat.Sampling;

/// <summary>
/// Sorts candidates by a scalar (params, FLOPs, accuracy, or the true latency for the oracle), splits them into
/// <c>count</c> contiguous buckets of near-equal size (larger buckets first, like <c>numpy.array_split</c>) and picks
/// one random member per bucket, so the sample spans the whole range.
/// </summary>
public sealed class StratifiedSampler(string name, IReadOnlyList<double> metric) : IArchitectureSampler
{
    public string Name { get; } = name;

    public IReadOnlyList<int> Sample(IReadOnlyList<int> candidates, int count, Random random)
    {
        var sorted = candidates.OrderBy(i => metric[i]).ThenBy(i => i).ToArray();
        return Buckets.PickOnePerBucket(sorted, count, random);
    }
}

internal static class Buckets
{
    /// <summary>numpy.array_split into <paramref name="count"/> parts, then one uniform pick per part.</summary>
    public static int[] PickOnePerBucket(IReadOnlyList<int> ordered, int count, Random random)
    {
        count = Math.Min(count, ordered.Count);
        var picks = new int[count];
        int size = ordered.Count / count, extra = ordered.Count % count, start = 0;
        for (int b = 0; b < count; b++)
        {
            int length = size + (b < extra ? 1 : 0);
            picks[b] = ordered[start + random.Next(length)];
            start += length;
        }
        return picks;
    }
}

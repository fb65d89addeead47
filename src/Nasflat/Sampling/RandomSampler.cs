namespace Nasflat.Sampling;

/// <summary>Uniformly random architectures without replacement.</summary>
public sealed class RandomSampler : IArchitectureSampler
{
    public string Name => "random";

    public IReadOnlyList<int> Sample(IReadOnlyList<int> candidates, int count, Random random)
    {
        var pool = candidates.ToArray();
        count = Math.Min(count, pool.Length);
        // Partial Fisher-Yates: the first `count` slots become a uniform sample.
        for (int i = 0; i < count; i++)
        {
            int j = random.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool[..count];
    }
}

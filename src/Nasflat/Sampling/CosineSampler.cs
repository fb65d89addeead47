using Nasflat.Encodings;

namespace Nasflat.Sampling;

/// <summary>The cosine-similarity samplers of NASFLAT.</summary>
public enum CosineMode
{
    /// <summary>Sort by mean cosine similarity to all candidates, split into buckets, one random pick per bucket.</summary>
    Bucketed,
    /// <summary>Deterministically take the least typical architectures (lowest mean similarity).</summary>
    LeastTypical,
    /// <summary>Start at random, then repeatedly take the architecture least similar to the last pick.</summary>
    Greedy,
}

public sealed class CosineSampler(FeatureMatrix features, CosineMode mode) : IArchitectureSampler
{
    public string Name => mode switch
    {
        CosineMode.Bucketed => "cosine",
        CosineMode.LeastTypical => "cosine-least",
        _ => "cosine-greedy",
    } + ":" + features.Name;

    public IReadOnlyList<int> Sample(IReadOnlyList<int> candidates, int count, Random random)
    {
        count = Math.Min(count, candidates.Count);
        var unit = candidates.ToDictionary(c => c, c => Normalize(features.Row(c)));
        if (mode == CosineMode.Greedy)
        {
            var picks = new List<int> { candidates[random.Next(candidates.Count)] };
            var chosen = picks.ToHashSet();
            while (picks.Count < count)
            {
                var last = unit[picks[^1]];
                int next = candidates.Where(c => !chosen.Contains(c)).MinBy(c => Dot(unit[c], last));
                picks.Add(next);
                chosen.Add(next);
            }
            return picks;
        }

        // Mean cosine similarity to all candidates = dot product with the mean unit vector.
        var mean = new double[features.Columns];
        foreach (var v in unit.Values)
            for (int j = 0; j < mean.Length; j++) mean[j] += v[j] / unit.Count;
        var ordered = candidates.OrderBy(c => Dot(unit[c], mean)).ThenBy(c => c).ToArray();
        return mode == CosineMode.LeastTypical ? ordered[..count] : Buckets.PickOnePerBucket(ordered, count, random);
    }

    private static double[] Normalize(ReadOnlySpan<float> row)
    {
        double norm = 0;
        foreach (float x in row) norm += x * (double)x;
        norm = Math.Sqrt(norm);
        var result = new double[row.Length];
        for (int j = 0; j < row.Length; j++) result[j] = norm > 0 ? row[j] / norm : 0;
        return result;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }
}

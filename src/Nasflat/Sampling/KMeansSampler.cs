using Nasflat.Encodings;

namespace Nasflat.Sampling;

/// <summary>Which member of each k-means cluster to take.</summary>
public enum ClusterPick
{
    /// <summary>The architecture nearest to the centroid (the code behind NASFLAT's headline numbers).</summary>
    NearestToCentroid,
    /// <summary>A uniformly random member (NASFLAT's later default).</summary>
    RandomMember,
}

/// <summary>Clusters the candidates' features into <c>count</c> clusters and takes one architecture per cluster.</summary>
public sealed class KMeansSampler(FeatureMatrix features, ClusterPick pick) : IArchitectureSampler
{
    public string Name => $"{(pick == ClusterPick.NearestToCentroid ? "kmeans" : "kmeans-member")}:{features.Name}";

    public IReadOnlyList<int> Sample(IReadOnlyList<int> candidates, int count, Random random)
    {
        count = Math.Min(count, candidates.Count);
        var fit = KMeans.Fit(features, candidates, count, random);
        var picks = new List<int>(count);
        for (int c = 0; c < count; c++)
        {
            var members = Enumerable.Range(0, candidates.Count).Where(i => fit.Assignment[i] == c).ToList();
            if (members.Count == 0) continue;
            int chosen = pick == ClusterPick.RandomMember
                ? members[random.Next(members.Count)]
                : members.MinBy(i => KMeans.SquaredDistance(features.Row(candidates[i]), fit.Centroids[c]));
            picks.Add(candidates[chosen]);
        }
        return Fill(picks, candidates, count, random);
    }

    /// <summary>Tops up with random candidates when clusters came out empty or picks coincide.</summary>
    internal static IReadOnlyList<int> Fill(List<int> picks, IReadOnlyList<int> candidates, int count, Random random)
    {
        var distinct = picks.Distinct().ToList();
        if (distinct.Count >= count) return distinct;
        var chosen = distinct.ToHashSet();
        var rest = candidates.Where(c => !chosen.Contains(c)).ToList();
        distinct.AddRange(new RandomSampler().Sample(rest, count - distinct.Count, random));
        return distinct;
    }
}

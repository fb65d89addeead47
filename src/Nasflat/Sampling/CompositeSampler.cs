namespace Nasflat.Sampling;

/// <summary>NASFLAT's "kmeancosine": ⌊n/2⌋ picks from one sampler, the rest from another, duplicates replaced.</summary>
public sealed class CompositeSampler(IArchitectureSampler first, IArchitectureSampler second) : IArchitectureSampler
{
    public string Name => $"{first.Name}+{second.Name}";

    public IReadOnlyList<int> Sample(IReadOnlyList<int> candidates, int count, Random random)
    {
        count = Math.Min(count, candidates.Count);
        var picks = first.Sample(candidates, count / 2, random).ToList();
        picks.AddRange(second.Sample(candidates, count - picks.Count, random));
        return KMeansSampler.Fill(picks, candidates, count, random);
    }
}

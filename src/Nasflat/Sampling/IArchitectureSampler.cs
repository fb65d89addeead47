namespace Nasflat.Sampling;

/// <summary>Chooses which architectures to measure (or to pretrain on) among candidates.</summary>
public interface IArchitectureSampler
{
    /// <summary>Short name used in reports, e.g. <c>kmeans:zcp</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Picks <paramref name="count"/> distinct architecture indices from <paramref name="candidates"/>
    /// (fewer only if there are fewer candidates). All randomness comes from <paramref name="random"/>.
    /// </summary>
    IReadOnlyList<int> Sample(IReadOnlyList<int> candidates, int count, Random random);
}

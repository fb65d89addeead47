using Nasflat.Experiments;
using Nasflat.Methods;

namespace Nasflat.Tests.Methods;

public class SampleTauWeightsTests
{
    // Six architectures; the samples are those at positions 0, 2, 4 and 5, measured slowest last.
    private static readonly int[] Positions = [0, 2, 4, 5];
    private static readonly double[] Latencies = [1.0, 2.0, 3.0, 4.0];

    [Fact]
    public void EachRankingWeighsItsKendallTauOnTheSamplesAtLeastTheFloor()
    {
        var agrees = MethodPrediction.Of([1, 9, 2, 9, 3, 4]);      // the samples in order: τ = 1
        var reversed = MethodPrediction.Of([4, 0, 3, 0, 2, 1]);    // in reverse: τ = −1, so the floor
        var oneSwap = MethodPrediction.Of([2, 0, 1, 0, 3, 4]);     // one of six pairs swapped: τ = 4/6
        // A ranking with snapshots counts by their mean ranking, as the average reads it.
        var twoSnapshots = new MethodPrediction([[1, 0, 2, 0, 3, 4], [4, 0, 3, 0, 2, 1]]);

        var weights = SampleTauWeights.Weights([agrees, reversed, oneSwap, twoSnapshots], Positions, Latencies);

        Assert.Equal(1.0, weights[0], 1e-12);
        Assert.Equal(SampleTauWeights.Floor, weights[1], 1e-12);
        Assert.Equal(4.0 / 6, weights[2], 1e-12);
        Assert.Equal(SampleTauWeights.Floor, weights[3], 1e-12); // every sample tied: τ undefined
    }

    [Fact]
    public void SampleTauWeighsTheAverageAndEqualDoesNot()
    {
        var agrees = MethodPrediction.Of([1, 9, 2, 9, 3, 4]);
        var reversed = MethodPrediction.Of([4, 0, 3, 0, 2, 1]);

        var weighted = SampleTauWeights.Combine([agrees, reversed], SmallSampleWeighting.SampleTau, Positions, Latencies).Snapshots.Single();
        var equal = SampleTauWeights.Combine([agrees, reversed], SmallSampleWeighting.Equal, Positions, Latencies).Snapshots.Single();

        Assert.Equal(RankEnsembleMethod.Average([agrees, reversed], [1.0, SampleTauWeights.Floor]).Snapshots.Single(), weighted);
        Assert.Equal(RankEnsembleMethod.Average([agrees, reversed]).Snapshots.Single(), equal);
        // The agreeing ranking dominates: the weighted average orders the samples as they were measured.
        Assert.True(Positions.Zip(Positions.Skip(1)).All(p => weighted[p.First] < weighted[p.Second]));
        Assert.Throws<ArgumentException>(() => SampleTauWeights.Weights([agrees], Positions, [1.0]));
    }

    [Fact]
    public void ASampleFreeRankingGainsUpToTheBonusAsItsTauNearsOne()
    {
        var agrees = MethodPrediction.Of([1, 9, 2, 9, 3, 4]);      // τ = 1
        var oneSwap = MethodPrediction.Of([2, 0, 1, 0, 3, 4]);     // τ = 4/6
        var twoSwaps = MethodPrediction.Of([2, 0, 3, 0, 1, 4]);    // τ = 2/6, below where the bonus starts
        var members = new[] { agrees, agrees, oneSwap, twoSwaps };

        var weights = SampleTauWeights.Weights(members, Positions, Latencies, [false, true, true, true]);

        Assert.Equal(1.0, weights[0], 1e-12); // fitted to the samples: no bonus
        Assert.Equal(1.0 + SampleTauWeights.HeldOutBonus, weights[1], 1e-12);
        double partial = SampleTauWeights.HeldOutBonus * (4.0 / 6 - SampleTauWeights.HeldOutFrom) / (1 - SampleTauWeights.HeldOutFrom);
        Assert.Equal(4.0 / 6 + partial, weights[2], 1e-12);
        Assert.Equal(Math.Max(SampleTauWeights.Floor, 2.0 / 6), weights[3], 1e-12);
        Assert.Equal(SampleTauWeights.Weights(members, Positions, Latencies), SampleTauWeights.Weights(members, Positions, Latencies, [false, false, false, false]));

        var combined = SampleTauWeights.Combine(members, SmallSampleWeighting.SampleTauHeldOut, Positions, Latencies, [false, true, true, true]).Snapshots.Single();
        Assert.Equal(RankEnsembleMethod.Average(members, weights).Snapshots.Single(), combined);
        Assert.Throws<ArgumentException>(() => SampleTauWeights.Weights(members, Positions, Latencies, [true]));
    }
}

using Nasflat.Encodings;
using Xunit;

namespace Nasflat.Tests.Encodings;

public class CateTests
{
    /// <summary>A small transformer on NB201's 15,625 cells: seconds, not minutes.</summary>
    private static readonly CateSettings Small = new() { Epochs = 2, ModelDim = 16, Heads = 2, Layers = 2, FeedForwardDim = 32, BatchSize = 256, LearningRate = 3e-3 };

    [Fact]
    public void TheEncoderLearnsMaskedOperationsFromItsPartnerAndIsCachedReproducibly()
    {
        using var folder = new TempDirectory();
        var (encoding, report) = Cate.Load(SharedData.Nb201, folder.Path, Small);
        Assert.Equal(SharedData.Nb201.ArchitectureCount, encoding.Rows);
        Assert.Equal(16, encoding.Columns);
        Assert.Equal(15625, report.TrainingGraphs);
        // Six operations vary per cell; a 0.2 mask rate with at least one masked hides 1.2 + 0.26 ≈ 1.46 of them.
        Assert.InRange(report.MaskedOperationsPerGraph, 1.3, 1.6);
        // Operations are uniform over the space, so the rest of the cell alone says little (the most frequent operation
        // per position is right a fifth of the time); the partner of equal cost and the visible operations together
        // pin down the hidden one's cost class, which a model that learned nothing could not exploit.
        Assert.InRange(report.MostFrequentAccuracy, 0.17, 0.23);
        Assert.True(report.MaskedOperationAccuracy > report.MostFrequentAccuracy + 0.15,
            $"masked operations {report.MaskedOperationAccuracy:P1} against {report.MostFrequentAccuracy:P1} for the most frequent");

        // The cache returns the same numbers; retraining with the same seed reproduces them.
        var (cached, _) = Cate.Load(SharedData.Nb201, folder.Path, Small);
        Assert.Equal(encoding.ToArray(), cached.ToArray());
        var (retrained, _) = Cate.Train(SharedData.Nb201, Small);
        Assert.Equal(encoding.ToArray(), retrained);
        // Different cells get different encodings.
        Assert.NotEqual(encoding.Row(0).ToArray(), encoding.Row(1).ToArray());
    }

    [Fact]
    public void PartnersAreOtherArchitecturesOfNearbyCost()
    {
        long[] flops = [50, 10, 40, 20, 30, 10];
        long[] parameters = [5, 2, 4, 2, 3, 1];
        // Cost order: 5 (10, 1), 1 (10, 2), 3, 4, 2, 0.
        var pairs = new ComputationPairs(flops, parameters, window: 1);
        var random = new Random(3);
        for (int draw = 0; draw < 50; draw++)
        {
            Assert.Equal(1, pairs.PartnerOf(5, random));
            Assert.Contains(pairs.PartnerOf(4, random), new[] { 3, 2 });
            Assert.Equal(2, pairs.PartnerOf(0, random));
        }
        Assert.Equal(1, pairs.NearestOf(5));
        Assert.Equal(2, pairs.NearestOf(0));
        Assert.Throws<NasflatException>(() => new ComputationPairs([1], [1], 1));
    }
}

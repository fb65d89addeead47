using Nasflat.Encodings;
using Xunit;

namespace Nasflat.Tests.Encodings;

public class Arch2VecTests
{
    /// <summary>A small encoder on FBNet's 5,000 architectures only: seconds, not minutes.</summary>
    private static readonly Arch2VecSettings Small = new() { Epochs = 3, HiddenDim = 32, LatentDim = 16, Layers = 2, ExtraFbnetArchitectures = 0, LearningRate = 3e-3 };

    [Fact]
    public void TheEncoderLearnsToReconstructAndIsCachedReproducibly()
    {
        using var folder = new TempDirectory();
        var (encoding, report) = Arch2Vec.Load(SharedData.Fbnet, folder.Path, Small);
        Assert.Equal(SharedData.Fbnet.ArchitectureCount, encoding.Rows);
        Assert.Equal(16, encoding.Columns);
        // Chance is 1/9 for an operation; a chain's node pairs are mostly absent, so they must beat the 90 % of "no edge".
        Assert.True(report.OperationAccuracy > 0.5, $"operation accuracy {report.OperationAccuracy:P1}");
        Assert.True(report.AdjacencyAccuracy > 0.9, $"adjacency accuracy {report.AdjacencyAccuracy:P1}");
        Assert.Equal(5000, report.TrainingGraphs);

        // The cache returns the same numbers; retraining with the same seed reproduces them.
        var (cached, _) = Arch2Vec.Load(SharedData.Fbnet, folder.Path, Small);
        Assert.Equal(encoding.ToArray(), cached.ToArray());
        var (retrained, _) = Arch2Vec.Train(SharedData.Fbnet, Small);
        Assert.Equal(encoding.ToArray(), retrained);
        // Different architectures get different encodings.
        Assert.NotEqual(encoding.Row(0).ToArray(), encoding.Row(1).ToArray());
    }
}

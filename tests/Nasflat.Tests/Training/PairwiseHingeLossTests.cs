using Nasflat.Native;
using Nasflat.Training;
using TorchSharp;

namespace Nasflat.Tests.Training;

public class PairwiseHingeLossTests
{
    [Fact]
    public void PairsSkipTiesAndAreCapped()
    {
        var pairs = PairwiseHingeLoss.Sample([0.1f, 0.1f, 0.5f], pairsPerSample: 4, new Random(1));
        Assert.Equal(2, pairs.Count); // (0,2) and (1,2); (0,1) is a tie
        Assert.All(Enumerable.Range(0, pairs.Count), p => Assert.Equal(-1f, pairs.Sign[p]));

        var many = PairwiseHingeLoss.Sample(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), 4, new Random(1));
        Assert.Equal(80, many.Count); // 190 candidates capped at 4n
        Assert.Equal(80, many.First.Zip(many.Second).Distinct().Count());
    }

    [Fact]
    public void LossIsTheMeanHingeOnScoreDifferences()
    {
        TorchRuntime.EnsureLoaded();
        // Pair 1 ranked right with a big gap (loss 0); pair 2 ranked wrong: 0.1 - (-1)(0.2 - 0.5) = -0.2 -> 0; pair 3 reversed: 0.1 + 0.3 = 0.4
        var first = torch.tensor(new float[] { 1.0f, 0.2f, 0.2f });
        var second = torch.tensor(new float[] { 0.0f, 0.5f, 0.5f });
        var loss = PairwiseHingeLoss.Loss(first, second, [1f, -1f, 1f], 0.1).item<float>();
        Assert.Equal(0.4f / 3, loss, 5);
    }
}

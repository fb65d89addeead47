using Nasflat.Encodings;
using Nasflat.Evaluation;
using Nasflat.Priors;

namespace Nasflat.Tests.Priors;

public class StructuralRidgeTests
{
    // 200 architectures with two operation counts, FLOPs and params drawn independently.
    private static FeatureMatrix Synthetic(int seed = 1)
    {
        var random = new Random(seed);
        var values = new float[200 * 4];
        for (int i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
        return new FeatureMatrix("structural", 200, ["count_a", "count_b", "flops", "params"], values);
    }

    private static double Spearman(float[] a, IEnumerable<double> b) => RankCorrelation.Spearman(a.Select(x => (double)x).ToArray(), b.ToArray());

    [Fact]
    public void ADeviceThatFollowsFlopsIsFittedOnFlopsAlone()
    {
        var features = Synthetic();
        var sample = Enumerable.Range(0, 20).ToArray();
        var ridge = StructuralRidge.Fit(features, sample, sample.Select(a => Math.Exp(1 + 2 * features[a, 2])).ToArray());
        Assert.Equal(["flops"], ridge.ChosenFeatures);
        Assert.True(ridge.LeaveOneOutRho > 0.99, $"leave-one-out ρ {ridge.LeaveOneOutRho}");
        var all = Enumerable.Range(0, 200).ToArray();
        Assert.Equal(1.0, Spearman(ridge.Score(all), all.Select(a => (double)features[a, 2])), 6);
    }

    [Fact]
    public void ADeviceThatFollowsOperationCountsRanksUnseenArchitectures()
    {
        var features = Synthetic(2);
        double LogLatency(int a) => 3 * features[a, 0] - features[a, 1];
        var sample = Enumerable.Range(0, 20).ToArray();
        var ridge = StructuralRidge.Fit(features, sample, sample.Select(a => Math.Exp(LogLatency(a))).ToArray());
        Assert.Contains("count_a", ridge.ChosenFeatures);
        var unseen = Enumerable.Range(20, 180).ToArray();
        // Ridge shrinks the two weights a little, which barely moves the ranking: tolerance 0.02.
        Assert.True(Spearman(ridge.Score(unseen), unseen.Select(LogLatency)) > 0.98);
    }

    [Fact]
    public void BadSamplesAreRefusedWithTheReason()
    {
        var features = Synthetic();
        Assert.Contains("at least 3", Assert.Throws<NasflatException>(() => StructuralRidge.Fit(features, [0, 1], [1.0, 2.0])).Message);
        Assert.Contains("positive", Assert.Throws<NasflatException>(() => StructuralRidge.Fit(features, [0, 1, 2], [1.0, 0, 2.0])).Message);
    }

    [Fact]
    public void RankBlendMovesFromTheFirstRankingToTheSecond()
    {
        float[] first = [3, 1, 2, 4], second = [1, 2, 3, 4];
        Assert.Equal([0.75f, 0.25f, 0.5f, 1f], StructuralRidge.BlendRanks(first, second, 0));
        Assert.Equal([0.25f, 0.5f, 0.75f, 1f], StructuralRidge.BlendRanks(first, second, 1));
        Assert.Equal([0.5f, 0.375f, 0.625f, 1f], StructuralRidge.BlendRanks(first, second, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => StructuralRidge.BlendRanks(first, second, 1.5));
    }

    [Fact]
    public void AutoBlendTrustsTheSideThatExplainsTheSamplesBetter()
    {
        Assert.True(PriorBlend.Parse("none").IsNone);
        Assert.Equal(0.3, PriorBlend.Parse("0.3").Weight(0.1, 0.9));
        var auto = PriorBlend.Parse("auto");
        Assert.Equal(0.5, auto.Weight(0.8, 0.8), 12);
        // 1/(1 − 0.9) = 10 against 1/(1 − 0.5) = 2.
        Assert.Equal(10.0 / 12, auto.Weight(0.9, 0.5), 12);
        Assert.Equal(2.0 / 12, auto.Weight(0.5, 0.9), 12);
        // An unknown ρ counts as 0, not as a failure.
        Assert.Equal(10.0 / 11, auto.Weight(0.9, double.NaN), 12);
        Assert.Contains("'auto'", Assert.Throws<NasflatException>(() => PriorBlend.Parse("2")).Message);
        Assert.Equal(PriorSource.Choose, PriorBlend.Parse("choose").Source);
        Assert.Equal(auto.Weight(0.9, 0.5), PriorBlend.Parse("choose").Weight(0.9, 0.5), 12);
    }
}

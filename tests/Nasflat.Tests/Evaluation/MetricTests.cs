using Nasflat.Evaluation;

namespace Nasflat.Tests.Evaluation;

public class MetricTests
{
    private static readonly double[] TiedX = [1, 1, 1, 2, 2, 3];
    private static readonly double[] TiedY = [1, 2, 1, 2, 3, 3];

    [Fact]
    public void PercentileInterpolatesBetweenOrderStatistics()
    {
        Assert.Equal(1.5, Statistics.Percentile([1, 2], 0.5), 12);
        Assert.Equal(1.0, Statistics.Percentile([1, 2, 3], 0.0), 12);
        Assert.True(double.IsNaN(Statistics.Percentile([], 0.1)));
    }

    [Fact]
    public void AverageRanksShareTiedPositions()
    {
        Assert.Equal([2, 2, 2, 4.5, 4.5, 6], Ranks.Average(TiedX));
        Assert.Equal([1.5, 3.5, 1.5, 3.5, 5.5, 5.5], Ranks.Average(TiedY));
        Assert.Equal([2, 1, 3], Ranks.Average([5.0, -1.0, 7.0]));
    }

    [Fact]
    public void SpearmanMatchesHandComputedValues()
    {
        // scipy.stats.spearmanr([1,2,3,4,5], [5,6,7,8,7]) = 8 / sqrt(95)
        Assert.Equal(8 / Math.Sqrt(95), RankCorrelation.Spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 12);
        // Heavy ties on both sides: 13 / sqrt(15 * 16)
        Assert.Equal(13 / Math.Sqrt(240), RankCorrelation.Spearman(TiedX, TiedY), 12);
        Assert.Equal(-1, RankCorrelation.Spearman([1, 2, 3], [30, 20, 10]), 12);
        Assert.True(double.IsNaN(RankCorrelation.Spearman([1, 1, 1], [1, 2, 3])));
    }

    [Fact]
    public void KendallTauBMatchesHandComputedValues()
    {
        // 8 concordant, 1 discordant, 1 pair tied in y: 7 / sqrt(10 * 9)
        Assert.Equal(7 / Math.Sqrt(90), RankCorrelation.KendallTauB([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 12);
        // 9 concordant, 0 discordant, 4 pairs tied in x, 3 in y: 9 / sqrt(11 * 12)
        Assert.Equal(9 / Math.Sqrt(132), RankCorrelation.KendallTauB(TiedX, TiedY), 12);
        Assert.Equal(-1, RankCorrelation.KendallTauB([1, 2, 3, 4], [4, 3, 2, 1]), 12);
    }

    [Fact]
    public void KendallTauBAgreesWithTheQuadraticDefinitionOnHeavilyTiedData()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 400).Select(_ => (double)random.Next(12)).ToArray();
        var y = x.Select(v => Math.Round(v / 3 + random.Next(4))).ToArray();
        Assert.Equal(QuadraticTauB(x, y), RankCorrelation.KendallTauB(x, y), 12);
    }

    private static double QuadraticTauB(double[] x, double[] y)
    {
        double concordantMinusDiscordant = 0, untiedX = 0, untiedY = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = i + 1; j < x.Length; j++)
            {
                double sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                concordantMinusDiscordant += sx * sy;
                if (sx != 0) untiedX++;
                if (sy != 0) untiedY++;
            }
        return concordantMinusDiscordant / Math.Sqrt(untiedX * untiedY);
    }

    [Fact]
    public void PrecisionAtTopKCountsTiesAtTheBoundaryAsHits()
    {
        // True best two are {0,1,2} by the tie at 1; predicted best two are indices 2 (true 1, a hit) and 3 (true 2, a miss).
        Assert.Equal(0.5, TopKPrecision.Precision([5, 4, 0.5, 0.6, 3], [1, 1, 1, 2, 3], 2));
        Assert.Equal(1.0, TopKPrecision.Precision([1, 2, 3, 4, 5], [10, 20, 30, 40, 50], 3));
        // Top 10 % of 20 values = best 2.
        var actual = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        var reversed = actual.Select(v => -v).ToArray();
        Assert.Equal(0.0, TopKPrecision.PrecisionAtFraction(reversed, actual, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TopKPrecision.Precision(actual, actual, 0));
    }

    [Fact]
    public void PercentageErrorsMatchHandComputedValues()
    {
        double[] predicted = [110, 90, 100, 104.9], actual = [100, 100, 100, 100];
        Assert.Equal((10 + 10 + 0 + 4.9) / 4, RegressionError.MeanAbsolutePercentageError(predicted, actual), 10);
        Assert.Equal(0.5, RegressionError.WithinTolerance(predicted, actual, 0.05));
        Assert.Equal(1.0, RegressionError.WithinTolerance(predicted, actual, 0.10));
        Assert.Equal(1.0, RegressionError.WithinTolerance([0.33], [0.3], 0.10));
        Assert.Throws<ArgumentException>(() => RegressionError.MeanAbsolutePercentageError([1], [0]));
    }

    [Fact]
    public void MismatchedOrMissingInputsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => RankCorrelation.Spearman([1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => RankCorrelation.KendallTauB([1, double.NaN], [1, 2]));
    }
}

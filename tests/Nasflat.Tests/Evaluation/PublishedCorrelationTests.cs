using Nasflat.Data;
using Nasflat.Evaluation;

namespace Nasflat.Tests.Evaluation;

/// <summary>Spearman ρ between devices, against the values the data README reports (3 decimals).</summary>
public class PublishedCorrelationTests
{
    private static double Rho(LatencyMatrix m, string a, string b) =>
        RankCorrelation.Spearman(m.Column(a).AsSpan(), m.Column(b).AsSpan());

    [Theory]
    [InlineData("1080ti_1", "1080ti_32", 0.971)]
    [InlineData("1080ti_1", "1080ti_256", 0.741)]
    [InlineData("1080ti_1", "titanxp_1", 0.972)]
    [InlineData("gold_6226", "gold_6240", 0.906)]
    public void Nb201(string a, string b, double expected) => Assert.Equal(expected, Rho(SharedData.Nb201.Latency, a, b), 0.0005);

    [Theory]
    [InlineData("1080ti_1", "1080ti_32", 0.764)]
    [InlineData("1080ti_1", "1080ti_64", 0.439)]
    [InlineData("gold_6226", "gold_6240", 0.820)]
    public void Fbnet(string a, string b, double expected) => Assert.Equal(expected, Rho(SharedData.Fbnet.Latency, a, b), 0.0005);
}

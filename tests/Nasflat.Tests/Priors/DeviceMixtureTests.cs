using Nasflat.Evaluation;
using Nasflat.Priors;

namespace Nasflat.Tests.Priors;

public class DeviceMixtureTests
{
    private static readonly string[] Sources = ["1080ti_1", "pixel3", "eyeriss", "fpga", "silver_4114", "samsung_s7"];

    /// <summary>A device whose log latency is 0.6·log(pixel3) + 0.4·log(eyeriss): a mixture of two sources.</summary>
    private static double[] BlendedDevice()
    {
        var latency = SharedData.Nb201.Latency;
        var a = latency.Column("pixel3");
        var b = latency.Column("eyeriss");
        return Enumerable.Range(0, latency.ArchitectureCount).Select(i => Math.Exp(0.6 * Math.Log(a[i]) + 0.4 * Math.Log(b[i]))).ToArray();
    }

    [Theory]
    [InlineData(5, 0.95)]
    [InlineData(20, 0.99)]
    public void RecoversADeviceThatIsAMixtureOfSources(int k, double minimumRho)
    {
        var data = SharedData.Nb201;
        var columns = new MixtureColumns(data, Sources.Select(data.Latency.IndexOf).ToList());
        var truth = BlendedDevice();
        var sample = Enumerable.Range(0, k).Select(i => i * 731 % data.ArchitectureCount).ToArray();
        var mixture = DeviceMixture.Fit(columns, sample, sample.Select(a => truth[a]).ToArray());
        var all = Enumerable.Range(0, data.ArchitectureCount).ToArray();
        double rho = RankCorrelation.Spearman(mixture.Score(all).Select(s => (double)s).ToArray(), truth);
        Assert.True(rho >= minimumRho, $"k={k}: ρ {rho:0.000} < {minimumRho}");
        Assert.All(mixture.Weights, w => Assert.True(w.Weight > 0));
        // The two true components carry most of the weight.
        var top = mixture.Weights.Take(2).Select(w => w.Column).ToHashSet();
        if (k >= 20) Assert.True(top.SetEquals(["pixel3", "eyeriss"]), string.Join(", ", mixture.Weights));
        // Predictions are log milliseconds: the fit is calibrated, within 10 % (k = 5; the shrinkage toward the
        // consensus of all sources costs some scale) or 5 % (k = 20) of the truth at the median.
        var ratios = all.Select(a => Math.Abs(Math.Exp(mixture.Score([a])[0]) / truth[a] - 1)).Order().ToArray();
        double tolerance = k >= 20 ? 0.05 : 0.10;
        Assert.True(ratios[ratios.Length / 2] < tolerance, $"median relative error {ratios[ratios.Length / 2]:0.000}");
    }

    [Fact]
    public void IsDeterministicAndRejectsBadInput()
    {
        var data = SharedData.Nb201;
        var columns = new MixtureColumns(data, Sources.Select(data.Latency.IndexOf).ToList());
        var truth = BlendedDevice();
        int[] sample = [3, 500, 9000, 12000, 15000];
        var a = DeviceMixture.Fit(columns, sample, sample.Select(i => truth[i]).ToArray()).Score([1, 2, 3]);
        var b = DeviceMixture.Fit(columns, sample, sample.Select(i => truth[i]).ToArray()).Score([1, 2, 3]);
        Assert.Equal(a, b);
        Assert.Throws<NasflatException>(() => DeviceMixture.Fit(columns, [1, 2], [1.0, 2.0]));
        Assert.Throws<NasflatException>(() => DeviceMixture.Fit(columns, [1, 2, 3], [1.0, -2.0, 3.0]));
    }
}

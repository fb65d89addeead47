using Nasflat.Evaluation;
using Nasflat.Priors;

namespace Nasflat.Tests.Priors;

public class CalibrationTests
{
    [Fact]
    public void LogLinearRecoversAnExponentialMapAndAutoPrefersIt()
    {
        // ms = 2·exp(0.5·score): log-linear is exact, isotonic only interpolates between the points.
        double[] scores = [0, 1, 2, 3, 4, 5, 6];
        var ms = scores.Select(s => 2 * Math.Exp(0.5 * s)).ToArray();
        var fit = LatencyCalibration.Fit(scores, ms, scores, CalibrationMethod.LogLinear);
        Assert.Equal(2 * Math.Exp(0.5 * 7.5), fit.Milliseconds(7.5), 6);
        Assert.Equal(CalibrationMethod.LogLinear, LatencyCalibration.Fit(scores, ms, scores, CalibrationMethod.Auto).Method);
    }

    [Fact]
    public void AutoKeepsIsotonicWhenTheMapIsNotLogLinear()
    {
        // A step: two gently rising runs of latency, ten times apart, far apart in score. Isotonic follows each run; a
        // log line through both misses most points by a large factor.
        double[] scores = [.. Enumerable.Range(0, 10).Select(i => (double)i), .. Enumerable.Range(20, 10).Select(i => (double)i)];
        double[] ms = [.. Enumerable.Range(0, 10).Select(i => 1 + 0.01 * i), .. Enumerable.Range(0, 10).Select(i => 10 + 0.1 * i)];
        Assert.Equal(CalibrationMethod.Isotonic, LatencyCalibration.Fit(scores, ms, scores, CalibrationMethod.Auto).Method);
    }

    [Fact]
    public void AccuracyIsMapeAndTheShareWithinTenPercent()
    {
        var accuracy = CalibratedAccuracy.Compute([1.05, 2.5, 3.0, 0.5], [1.0, 2.0, 3.0, 1.0]);
        Assert.Equal((0.05 + 0.25 + 0 + 0.5) / 4, accuracy.Mape, 12);
        Assert.Equal(0.5, accuracy.Within10, 12);
    }
}

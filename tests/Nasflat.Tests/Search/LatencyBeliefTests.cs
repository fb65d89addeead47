using Nasflat.Search;
using Nasflat.Spaces.Nb201;
using Nasflat.Priors;

namespace Nasflat.Tests.Search;

public class LatencyBeliefTests
{
    [Fact]
    public void NeighboursAreTheTwentyFourOneEdgeChanges()
    {
        var neighbours = Nb201Index.Neighbours(1234).ToList();
        Assert.Equal(24, neighbours.Distinct().Count());
        var ops = Nb201Index.CellAt(1234).Ops;
        Assert.All(neighbours, n => Assert.Equal(1, Nb201Index.CellAt(n).Ops.Zip(ops).Count(p => p.First != p.Second)));
    }

    /// <summary>
    /// Latency made of per-edge operation costs; the "predictor" misses that 3×3 convolutions on edge 0 cost 40 % more.
    /// After measuring some architectures the belief must move the unmeasured ones with that op towards the truth,
    /// beyond what the calibration alone can do (its scores order them wrongly).
    /// </summary>
    [Fact]
    public void BeliefLearnsWhatThePredictorMissesFromMeasuredArchitectures()
    {
        double[] opCost = [0.1, 0.3, 1.0, 2.0, 0.6];
        double Truth(int a) => Nb201Index.CellAt(a).Ops.Select((op, edge) => opCost[(int)op] * (edge == 0 && op == Nb201Op.NorConv3x3 ? 1.4 : 1)).Sum() + 1;
        double Score(int a) => Nb201Index.CellAt(a).Ops.Select(op => opCost[(int)op]).Sum() + 1;
        var scores = Enumerable.Range(0, Nb201Cell.SpaceSize).Select(a => Score(a)).ToArray();
        var random = new Random(3);
        var measured = Enumerable.Range(0, 60).Select(_ => random.Next(Nb201Cell.SpaceSize)).Distinct().ToDictionary(a => a, Truth);
        var belief = LatencyBelief.Fit(scores, measured, CalibrationMethod.Isotonic, 0.05);
        var calibration = LatencyCalibration.Fit(measured.Keys.Select(a => scores[a]).ToList(), measured.Values.ToList(), scores, CalibrationMethod.Isotonic);

        var affected = Enumerable.Range(0, Nb201Cell.SpaceSize).Where(a => !measured.ContainsKey(a) && Nb201Index.CellAt(a)[0] == Nb201Op.NorConv3x3).Take(300).ToList();
        double beliefError = affected.Average(a => Math.Abs(Math.Log(belief.Milliseconds(a) / Truth(a))));
        double calibrationError = affected.Average(a => Math.Abs(Math.Log(calibration.Milliseconds(scores[a]) / Truth(a))));
        Assert.True(beliefError < 0.75 * calibrationError, $"belief {beliefError:0.000} vs calibration {calibrationError:0.000}");

        // Probabilities are calibrated in direction: an architecture far below a constraint is feasible, far above is not.
        int fast = affected.MinBy(Truth), slow = affected.MaxBy(Truth);
        Assert.True(belief.ProbabilityWithin(fast, Truth(fast) * 1.5) > 0.9);
        Assert.True(belief.ProbabilityWithin(slow, Truth(slow) / 1.5) < 0.1);
        Assert.Throws<NasflatException>(() => LatencyBelief.Fit(scores, measured.Take(2).ToDictionary(), CalibrationMethod.Isotonic, 0.05));
    }
}

using Nasflat.Experiments;
using Nasflat.Search;
using Nasflat.Spaces;
using Nasflat.Spaces.Nb201;
using Nasflat.Training;
using Nasflat.Priors;

namespace Nasflat.Tests.Search;

public class SearchTests
{
    [Fact]
    public void IsotonicCalibrationIsMonotoneAndFitsMonotoneData()
    {
        double[] scores = [0.1, 0.2, 0.3, 0.4, 0.5];
        double[] ms = [2, 4, 3, 8, 10]; // one violation: 4 then 3 pool to 3.5
        var fit = LatencyCalibration.Fit(scores, ms, scores, CalibrationMethod.Isotonic);
        Assert.Equal(2, fit.Milliseconds(0.1), 9);
        Assert.Equal(3.5, fit.Milliseconds(0.25), 9);
        Assert.Equal(10, fit.Milliseconds(0.5), 9);
        var grid = Enumerable.Range(0, 100).Select(i => fit.Milliseconds(-0.2 + i * 0.01)).ToList();
        Assert.True(grid.Zip(grid.Skip(1)).All(p => p.Second >= p.First - 1e-12), "calibration must be monotone");
        Assert.True(fit.Milliseconds(0.7) > 10, "extrapolates beyond the measured range");
        Assert.True(fit.Milliseconds(-5) >= 0, "never negative");

        var minMax = LatencyCalibration.Fit(scores, ms, [0.0, 1.0], CalibrationMethod.MinMax);
        Assert.Equal(2, minMax.Milliseconds(0.0), 9);
        Assert.Equal(10, minMax.Milliseconds(1.0), 9);
        Assert.Throws<NasflatException>(() => LatencyCalibration.Fit([0.1], [1.0], [0.1], CalibrationMethod.Isotonic));
    }

    [Fact]
    public void EvolutionWithAPerfectLatencyModelFindsNearOracleArchitectures()
    {
        var data = SharedData.Nb201;
        var latency = data.Latency.Column("gold_6226");
        var accuracy = data.Accuracies.Test[Nb201Dataset.Cifar100];
        const double constraint = 11;
        double oracle = Enumerable.Range(0, data.ArchitectureCount).Where(a => latency[a] <= constraint).Max(a => accuracy[a]);
        var visited = RegularizedEvolution.Run(a => accuracy[a], a => latency[a], constraint, 3000, 50, 10, new Random(1));
        Assert.True(visited.Count > 500 && visited.Distinct().Count() == visited.Count);
        double best = visited.Where(a => latency[a] <= constraint).Max(a => accuracy[a]);
        Assert.True(oracle - best <= 0.5, $"best visited {best:0.00} vs oracle {oracle:0.00}");
    }

    [Fact]
    public void SearchVerifiesItsPicksAndAccountsForMeasurements()
    {
        var predictor = ExperimentPresets.Quick(SearchSpaceKind.Nb201);
        var search = new ConstrainedSearch(SharedData.Nb201, predictor, ["1080ti_1", "gold_6240", "silver_4114"]);
        var options = new SearchOptions { Device = "gold_6226", ConstraintsMs = [8, 14], K = 10, Runs = 1, EvolutionBudget = 500, VerificationBudget = 5 };
        var result = search.Run([options]);
        Assert.Equal(4, result.Picks.Count); // 2 constraints × 2 strategies × 1 run
        foreach (var pick in result.Picks.Where(p => p.Strategy == SearchStrategy.Evolution))
        {
            Assert.True(pick.Verified);
            Assert.False(pick.Violates);
            Assert.True(pick.TrueMs <= pick.ConstraintMs);
            Assert.InRange(pick.Measurements, 10, 15);
            Assert.True(pick.AccuracyGap >= 0);
        }
        var metad2a = result.Picks.Where(p => p.Strategy == SearchStrategy.MetaD2A).ToList();
        Assert.All(metad2a, p => Assert.Equal(10, p.Measurements));
        Assert.All(metad2a, p => Assert.Contains(p.Index!.Value, SharedData.Nb201.MetaD2ACandidates.Select(c => c.Index)));
        Assert.Equal(4, result.Summaries.Count);

        var cost = new CostModel(10);
        var summary = result.Summaries.First(s => s.Strategy == SearchStrategy.Evolution);
        Assert.True(cost.SpeedupOverMeasureAll(summary) > 1);
        Assert.Equal((900 * 10 + summary.MeanComputeSeconds) / (summary.MeanMeasurements * 10 + summary.MeanComputeSeconds), cost.SpeedupOverBrpNas(summary), 9);
    }

    [Fact]
    public void HoldingOutTheTargetIsEnforced()
    {
        var search = new ConstrainedSearch(SharedData.Nb201, ExperimentPresets.Quick(SearchSpaceKind.Nb201), ["gold_6226", "1080ti_1"]);
        var e = Assert.Throws<NasflatException>(() => search.Run([new SearchOptions { Device = "gold_6226", ConstraintsMs = [8] }]));
        Assert.Contains("is one of the pretraining devices", e.Message);
        Assert.Throws<NasflatException>(() => new SearchOptions { Device = "x", ConstraintsMs = [] }.Validate());
    }
}

using Nasflat.Baselines;
using Nasflat.Experiments;
using Nasflat.Methods;
using Nasflat.Runs;
using Nasflat.Spaces;

namespace Nasflat.Tests.Methods;

public class NasflatMethodTests
{
    private static readonly string[] SourceNames = ["1080ti_1", "silver_4210r", "pixel3", "eyeriss"];

    private static ExperimentOptions Options(int smallSampleBelow) => ExperimentPresets.Quick(SearchSpaceKind.Nb201) with
    {
        SmallSampleBelow = smallSampleBelow,
        Baselines = new BaselineOptions { Gbt = new GbtOptions { SourceArchitectures = 150, Trees = 60 } },
    };

    private static MethodPrediction Predict(IFewShotMethod method, ExperimentOptions options, int k)
    {
        var data = SharedData.Nb201;
        var context = new MethodContext(data, options, "method-test", 0, SourceNames.Select(data.Latency.IndexOf).ToList(),
            EvaluationSplit.For(EvaluationProtocol.Nasflat, data));
        int target = data.Latency.IndexOf("titan_rtx_1");
        var sample = Enumerable.Range(0, k).Select(i => 37 * i + 11).ToList();
        var architectures = Enumerable.Range(0, 400).ToList();
        method.Prepare(context, k, null, CancellationToken.None);
        return method.Predict(context, new TargetQuery(target, k, sample, architectures, new Random(5)), CancellationToken.None);
    }

    [Fact]
    public void BelowTheSmallSampleThresholdTheDefaultIsTheMixtureBlendRankAveragedWithGbtAndFlops()
    {
        var options = Options(smallSampleBelow: 10) with { SmallSampleWeights = SmallSampleWeighting.Equal };
        using var nasflat = FewShotMethods.Create(NasflatMethod.MethodName, options);
        // The same as the ensemble the command line names nasflat-mixture+gbt+flops.
        using var ensemble = FewShotMethods.Create("nasflat-mixture+gbt+flops", options);
        var combined = Predict(nasflat, options, k: 5);
        var expected = Predict(ensemble, options, 5);

        Assert.Equal(expected.Snapshots.Single(), combined.Snapshots.Single(), (x, y) => Math.Abs(x - y) < 1e-6f);
        Assert.NotNull(combined.Prior); // the predictor alone stays reported
    }

    [Theory]
    [InlineData(SmallSampleWeighting.SampleTau)]
    [InlineData(SmallSampleWeighting.SampleTauHeldOut)]
    public void WithSampleTauWeightsEachRankingOfTheRecipeCountsByItsTauOnTheSamples(SmallSampleWeighting weighting)
    {
        var options = Options(smallSampleBelow: 10) with { SmallSampleWeights = weighting };
        using var nasflat = FewShotMethods.Create(NasflatMethod.MethodName, options);
        using var blend = FewShotMethods.Create(NasflatMethod.MixtureVariant, options);
        using var gbt = FewShotMethods.Create("gbt", options);
        using var flops = FewShotMethods.Create("flops", options);
        var combined = Predict(nasflat, options, k: 5);
        var members = new[] { blend, gbt, flops }.Select(m => Predict(m, options, 5)).ToList();

        // The scored architectures are 0..399, so a sample's position is its index.
        var sample = Enumerable.Range(0, 5).Select(i => 37 * i + 11).ToList();
        var latency = SharedData.Nb201.Latency.Column(SharedData.Nb201.Latency.IndexOf("titan_rtx_1"));
        // Only FLOPs never reads the samples, so only it can gain the held-out bonus.
        bool[]? sampleFree = weighting == SmallSampleWeighting.SampleTauHeldOut ? [false, false, true] : null;
        var weights = SampleTauWeights.Weights(members, sample, [.. sample.Select(a => (double)latency[a])], sampleFree);
        var expected = RankEnsembleMethod.Average(members, weights).Snapshots.Single();

        Assert.Equal(expected, combined.Snapshots.Single(), (x, y) => Math.Abs(x - y) < 1e-6f);
        Assert.All(weights.Take(2), w => Assert.InRange(w, SampleTauWeights.Floor, 1));
        Assert.InRange(weights[2], SampleTauWeights.Floor, 1 + (sampleFree is null ? 0 : SampleTauWeights.HeldOutBonus));
        Assert.NotEqual(RankEnsembleMethod.Average(members).Snapshots.Single(), combined.Snapshots.Single()); // the weights differ here
    }

    [Fact]
    public void AtAndAboveTheThresholdTheDefaultIsUnchanged()
    {
        using var withThreshold = FewShotMethods.Create(NasflatMethod.MethodName, Options(smallSampleBelow: 10));
        using var without = FewShotMethods.Create(NasflatMethod.MethodName, Options(smallSampleBelow: 0));
        var atThreshold = Predict(withThreshold, Options(smallSampleBelow: 10), k: 10).Snapshots;
        var plain = Predict(without, Options(smallSampleBelow: 0), k: 10).Snapshots;

        Assert.True(plain.Count > 1); // the fine-tuning snapshots, not one averaged ranking
        Assert.Equal(plain.Count, atThreshold.Count);
        for (int s = 0; s < plain.Count; s++) Assert.Equal(plain[s], atThreshold[s], (x, y) => Math.Abs(x - y) < 1e-6f);
    }

    [Fact]
    public void APretrainingLoadedFromTheCachePredictsExactlyWhatAFreshOneDoes()
    {
        using var temp = new TempDirectory();
        var options = Options(smallSampleBelow: 0);
        using var fresh = new NasflatMethod();
        using var cold = new NasflatMethod(cache: new PretrainingCache(temp.Path));
        using var warm = new NasflatMethod(cache: new PretrainingCache(temp.Path));
        var expected = Predict(fresh, options, k: 10).Snapshots;
        var fromCold = Predict(cold, options, k: 10).Snapshots;
        Assert.Single(Directory.GetFiles(temp.Path));
        var fromWarm = Predict(warm, options, k: 10).Snapshots;

        for (int s = 0; s < expected.Count; s++)
        {
            Assert.Equal(expected[s], fromCold[s]);
            Assert.Equal(expected[s], fromWarm[s]);
        }
    }

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(-1.0, false)]
    public void FromTheLargeSampleThresholdThePartnerIsAveragedInOnlyWhereItCrossValidatesAsWell(double partnerRho, bool averaged)
    {
        var options = Options(smallSampleBelow: 0) with { LargeSampleFrom = 10 };
        var partnerScores = Enumerable.Range(0, 400).Select(a => (float)Math.Sin(a)).ToArray();
        using var plain = new NasflatMethod();
        using var gated = new NasflatMethod(largeSamplePartner: () => new FixedPartner(partnerRho, partnerScores));
        var alone = Predict(plain, options, k: 10);
        var result = Predict(gated, options, k: 10);

        var expected = averaged ? RankEnsembleMethod.Average([alone, MethodPrediction.Of(partnerScores)]).Snapshots : alone.Snapshots;
        Assert.Equal(new PartnerCheck("fixed", partnerRho, result.Prior!.PredictorCrossValidatedRho, averaged), result.Partner);
        Assert.Null(alone.Partner);
        Assert.Equal(expected.Count, result.Snapshots.Count);
        for (int s = 0; s < expected.Count; s++) Assert.Equal(expected[s], result.Snapshots[s], (x, y) => Math.Abs(x - y) < 1e-6f);
    }

    [Fact]
    public void TheScratchGnnCrossValidatesOnTheSamplesAloneAndRepeatably()
    {
        var options = Options(smallSampleBelow: 0);
        using var scratch = new ScratchMethod();
        var data = SharedData.Nb201;
        var context = new MethodContext(data, options, "method-test", 0, [], EvaluationSplit.For(EvaluationProtocol.Nasflat, data));
        var target = new TargetQuery(data.Latency.IndexOf("titan_rtx_1"), 20, Enumerable.Range(0, 20).Select(i => 97 * i + 3).ToList(), [], new Random(1));
        scratch.Prepare(context, 20, null, CancellationToken.None);
        double first = scratch.CrossValidatedRho(context, target, CancellationToken.None);
        Assert.InRange(first, -1, 1);
        Assert.Equal(first, scratch.CrossValidatedRho(context, target, CancellationToken.None));
    }

    /// <summary>A partner with a given cross-validated ρ and fixed scores.</summary>
    private sealed class FixedPartner(double rho, float[] scores) : ICrossValidatedMethod
    {
        public string Name => "fixed";
        public void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation) { }
        public MethodPrediction Predict(MethodContext context, TargetQuery target, CancellationToken cancellation) => MethodPrediction.Of(scores);
        public double CrossValidatedRho(MethodContext context, TargetQuery target, CancellationToken cancellation) => rho;
        public void Dispose() { }
    }
}

using Nasflat.Experiments;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Nasflat.Training;
using Nasflat.Prediction;
using Nasflat.Priors;
using Nasflat.Runs;

namespace Nasflat.Tests.Experiments;

public class TransferExperimentTests
{
    private static ExperimentOptions Tiny(int seed = 7) => new()
    {
        Training = new TrainingOptions { PretrainEpochs = 3, PretrainBatchSize = 32, TransferEpochs = 4, EvaluationEpochs = 2 },
        PretrainSamplesPerDevice = 32,
        K = [10],
        Trials = 1,
        Seed = seed,
    };

    private static readonly LatencyTask GpuTask = TaskCatalog.Custom(SearchSpaceKind.Nb201, "gpus", ["1080ti_1", "2080ti_1", "titan_rtx_1"], ["titanxp_1"]);

    [Fact]
    public void SameSeedGivesIdenticalNumbersAndAnotherSeedDoesNot()
    {
        var first = new FewShotExperiment(SharedData.Nb201, Tiny()).Run(GpuTask).Trials.Single();
        var second = new FewShotExperiment(SharedData.Nb201, Tiny()).Run(GpuTask).Trials.Single();
        var other = new FewShotExperiment(SharedData.Nb201, Tiny(seed: 8)).Run(GpuTask).Trials.Single();
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.NotEqual(first.Metrics, other.Metrics);
    }

    [Fact]
    public void TheStructuralPriorBlendsInWithoutChangingThePredictorsOwnRun()
    {
        var alone = new FewShotExperiment(SharedData.Nb201, Tiny()).Run(GpuTask).Trials.Single();
        var blended = new FewShotExperiment(SharedData.Nb201, Tiny() with { Prior = "auto" }).Run(GpuTask).Trials.Single();
        Assert.Null(alone.Prior);
        var prior = blended.Prior!;
        // The cross-validation fine-tunes draw their own random numbers, so the predictor's run is the one without a prior.
        Assert.Equal(alone.Metrics.Spearman, prior.PredictorOnlySpearman, 12);
        // The weight is the blend's rule applied to the two pieces of evidence, and neither side gets all of it.
        Assert.Equal(Nasflat.Priors.PriorBlend.Auto.Weight(prior.LeaveOneOutRho, prior.PredictorCrossValidatedRho), prior.Weight, 12);
        Assert.InRange(prior.Weight, 0.01, 0.99);
        // On a GPU at batch 1, the ridge's own leave-one-out ρ on the 10 samples is high (tolerance: 0.6).
        Assert.True(prior.LeaveOneOutRho > 0.6, $"leave-one-out ρ {prior.LeaveOneOutRho}");
        // GPUs at batch 1 follow operation counts: the ridge alone ranks titanxp_1 well from 10 samples (tolerance: 0.8).
        Assert.True(prior.PriorOnlySpearman > 0.8, $"prior alone ρ {prior.PriorOnlySpearman}");
        Assert.NotEqual(alone.Metrics.Spearman, blended.Metrics.Spearman);
    }

    [Fact]
    public void ChooseBlendsWhicheverPriorHasTheHigherHeldOutRhoOnTheSamples()
    {
        var ridge = new FewShotExperiment(SharedData.Nb201, Tiny() with { Prior = "auto" }).Run(GpuTask).Trials.Single();
        var mixture = new FewShotExperiment(SharedData.Nb201, Tiny() with { Prior = "mixture" }).Run(GpuTask).Trials.Single();
        var chosen = new FewShotExperiment(SharedData.Nb201, Tiny() with { Prior = "choose" }).Run(GpuTask).Trials.Single();
        // The two priors rank differently, so the choice is visible in the result.
        Assert.NotEqual(ridge.Metrics.Spearman, mixture.Metrics.Spearman);
        var better = mixture.Prior!.LeaveOneOutRho > ridge.Prior!.LeaveOneOutRho ? mixture : ridge;
        Assert.Equal(better.Metrics, chosen.Metrics);
        Assert.Equal(better.Prior!.LeaveOneOutRho, chosen.Prior!.LeaveOneOutRho, 12);
        Assert.Equal(better.Prior.Weight, chosen.Prior.Weight, 12);
        // Each run records the prior it blended, so a report can say which one choose took.
        Assert.Equal(PriorSource.Ridge, ridge.Prior.Source);
        Assert.Equal(PriorSource.Mixture, mixture.Prior.Source);
        Assert.Equal(better.Prior.Source, chosen.Prior.Source);
        // --choose-prior-from makes auto choose from that k on: the same numbers as --prior choose.
        var fromTen = new FewShotExperiment(SharedData.Nb201, Tiny() with { Prior = "auto", ChoosePriorFrom = 10 }).Run(GpuTask).Trials.Single();
        Assert.Equal(chosen.Metrics, fromTen.Metrics);
        Assert.Equal(chosen.Prior.Source, fromTen.Prior!.Source);
    }

    [Fact]
    public void TheDefaultChoosesThePriorOnNb201FromTwentySamplesAndKeepsTheRidgeBelowAndOnFbnet()
    {
        var nb201 = ExperimentPresets.Headline(SearchSpaceKind.Nb201);
        Assert.Equal(PriorBlend.Mixture, nb201.PriorBlendFor(5, smallSampleRecipe: true));
        Assert.Equal(PriorBlend.Auto, nb201.PriorBlendFor(10, smallSampleRecipe: false));
        Assert.Equal(PriorBlend.Auto, nb201.PriorBlendFor(19, smallSampleRecipe: false));
        Assert.Equal(PriorBlend.Choose, nb201.PriorBlendFor(20, smallSampleRecipe: false));
        Assert.Equal(PriorBlend.Choose, nb201.PriorBlendFor(50, smallSampleRecipe: false));
        Assert.Equal(PriorBlend.Auto, ExperimentPresets.Headline(SearchSpaceKind.Fbnet).PriorBlendFor(20, smallSampleRecipe: false));
        // Only auto is upgraded: an explicit prior, or none, is kept at every k.
        Assert.True((nb201 with { Prior = "none" }).PriorBlendFor(20, smallSampleRecipe: false).IsNone);
        Assert.Equal(PriorBlend.Mixture, (nb201 with { Prior = "mixture" }).PriorBlendFor(20, smallSampleRecipe: false));
        Assert.Equal(0.5, (nb201 with { Prior = "0.5" }).PriorBlendFor(20, smallSampleRecipe: false).FixedWeight);
        Assert.Throws<NasflatException>(() => (nb201 with { ChoosePriorFrom = -1 }).Validate());
    }

    [Fact]
    public void TrialSubsetsRunOnlyTheirTrialsWithTheSameNumbersAndJoinBack()
    {
        var options = Tiny() with { Trials = 3 };
        var whole = new FewShotExperiment(SharedData.Nb201, options).Run(GpuTask);
        var first = new FewShotExperiment(SharedData.Nb201, options with { TrialSubset = [0, 2] }).Run(GpuTask);
        var second = new FewShotExperiment(SharedData.Nb201, options with { TrialSubset = [1] }).Run(GpuTask);
        Assert.Equal([0, 2], first.Trials.Select(t => t.Trial));
        Assert.Equal([1], second.Trials.Select(t => t.Trial));

        var joined = Nasflat.Runs.RunParts.JoinTrials(
            [new(GpuTask, options with { TrialSubset = [0, 2] }, first), new(GpuTask, options with { TrialSubset = [1] }, second)], options);
        Assert.Null(joined.Options.TrialSubset);
        Assert.Equal([0, 1, 2], joined.Result.Trials.Select(t => t.Trial));
        Assert.Equal(whole.Trials.Select(t => t.Metrics.Spearman), joined.Result.Trials.Select(t => t.Metrics.Spearman));
        Assert.Equal(first.TotalSeconds + second.TotalSeconds, joined.Result.TotalSeconds, 9);
        Assert.Throws<NasflatException>(() => (options with { TrialSubset = [3] }).Validate());
        Assert.Throws<NasflatException>(() => (options with { TrialSubset = [1, 1] }).Validate());
    }

    [Fact]
    public void PretrainingAndTransferLearnTheRanking()
    {
        var options = Tiny() with
        {
            Training = Tiny().Training with { PretrainEpochs = 25, TransferEpochs = 20, EvaluationEpochs = 4 },
            PretrainSamplesPerDevice = 64,
            K = [20],
        };
        var trial = new FewShotExperiment(SharedData.Nb201, options).Run(GpuTask).Trials.Single();
        // titanxp_1 correlates at 0.97 with 1080ti_1; a working pipeline ranks it well, an untrained model near 0.
        Assert.True(trial.Metrics.Spearman > 0.85, $"ρ = {trial.Metrics.Spearman}");
        Assert.Equal("1080ti_1", trial.InitializedFrom);
        Assert.Equal(15625, trial.EvaluatedArchitectures);
    }

    [Fact]
    public void CorrelationWeightedInitialisationMixesTheThreeBestSources()
    {
        var options = Tiny() with { Training = Tiny().Training with { EmbeddingTransfer = EmbeddingTransfer.CorrelationWeighted } };
        var trial = new FewShotExperiment(SharedData.Nb201, options).Run(GpuTask).Trials.Single();
        var names = trial.InitializedFrom!.Split('+');
        Assert.Equal(3, names.Length);
        Assert.Equal(["1080ti_1", "2080ti_1", "titan_rtx_1"], names.Order().ToArray());
    }

    [Fact]
    public void PredictPresetPretrainsNb201OnMoreArchitectures()
    {
        Assert.Equal(128, ExperimentPresets.Predict(SearchSpaceKind.Nb201).PretrainSamplesPerDevice);
        // Lists inside the options compare by reference, so compare their serialised form.
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(ExperimentPresets.Headline(SearchSpaceKind.Fbnet)),
            System.Text.Json.JsonSerializer.Serialize(ExperimentPresets.Predict(SearchSpaceKind.Fbnet)));
    }

    [Fact]
    public void DevicesWithMissingMeasurementsUseOnlyWhatWasMeasured()
    {
        var task = TaskCatalog.Custom(SearchSpaceKind.Nb201, "latbench",
            ["mobile_cpu_snapdragon_450_cortex_a53_int8", "1080ti_1"], ["embedded_tpu_edge_tpu_int8"]);
        var trial = new FewShotExperiment(SharedData.Nb201, Tiny()).Run(task).Trials.Single();
        Assert.Equal(15284, trial.EvaluatedArchitectures);
        Assert.True(double.IsFinite(trial.Metrics.Spearman));
        // The strict ρ leaves out 10 of the 15284 measured cells, so it can differ from ρ only slightly.
        Assert.Equal(trial.Metrics.Spearman, trial.Metrics.SpearmanExcludingSamples, 2);
    }

    [Fact]
    public void SavedPredictorAdaptsToADeviceAndScoresTheWholeSpace()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "gpus.nfp");
        var checkpoint = PredictorWorkflow.Pretrain(SharedData.Nb201, GpuTask, Tiny(), path);
        Assert.Equal(GpuTask.Train.ToArray(), checkpoint.Sources);
        Assert.Equal(SharedData.Nb201.Latency.Devices.Count, checkpoint.Devices.Count);

        int[] samples = [.. Enumerable.Range(0, 10).Select(i => i * 1500)];
        var prediction = PredictorWorkflow.Predict(SharedData.Nb201, path, "titanxp_1", samples, Tiny(), ensemble: 2, suggestions: 4);
        Assert.Equal(15625, prediction.Scores.Length);
        Assert.Equal(samples, prediction.Samples);
        Assert.Equal("1080ti_1", prediction.InitializedFrom);
        Assert.NotNull(prediction.Metrics);
        Assert.True(prediction.Metrics!.Spearman > 0.3, $"ρ = {prediction.Metrics.Spearman}");
        Assert.Equal(3, prediction.Similar.Count);
        Assert.True(prediction.Similar[0].Rho >= prediction.Similar[1].Rho && prediction.Similar[1].Rho >= prediction.Similar[2].Rho);
        Assert.True(prediction.Similar[0].Rho > 0.9, "another Titan-class GPU ranks these cells almost identically");
        Assert.Empty(prediction.NextToMeasure); // every architecture is measured on titanxp_1
        Assert.True(prediction.PredictedMs.All(ms => ms > 0));
        var (rho, mape, count) = prediction.CompareWith(SharedData.Nb201.Latency, "titanxp_1");
        Assert.Equal(15615, count);
        Assert.True(rho > 0.3 && mape < 100);

        var e = Assert.Throws<NasflatException>(() => PredictorWorkflow.Predict(SharedData.Fbnet, path, "pixel2", samples, Tiny()));
        Assert.Contains("is a Nb201 predictor", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void WithFewSamplesPredictAveragesGbtsRankingIn()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "gpus.nfp");
        PredictorWorkflow.Pretrain(SharedData.Nb201, GpuTask, Tiny(), path);
        int[] samples = [.. Enumerable.Range(0, 5).Select(i => i * 3000 + 7)];
        var options = Tiny() with { Baselines = new BaselineOptions { Gbt = new GbtOptions { SourceArchitectures = 150, Trees = 60 } } };
        var plain = PredictorWorkflow.Predict(SharedData.Nb201, path, "titanxp_1", samples, options, ensemble: 1, suggestions: 0);
        var recipe = PredictorWorkflow.Predict(SharedData.Nb201, path, "titanxp_1", samples, options with { SmallSampleBelow = 6 }, ensemble: 1, suggestions: 0);

        // The predictor's standardised scores become mean ranks scaled to (0, 1] once GBT's ranking is averaged in.
        Assert.Contains(plain.Scores, s => s < 0);
        Assert.All(recipe.Scores, s => Assert.InRange(s, 0f, 1f));
        Assert.True(recipe.Metrics!.Spearman > 0.5, $"ρ = {recipe.Metrics.Spearman}");
        Assert.True(recipe.PredictedMs.All(ms => ms > 0));
        // The small-sample recipe blends the device mixture and says so; without a prior nothing is reported.
        Assert.Null(plain.Prior);
        Assert.Equal(PriorSource.Mixture, recipe.Prior!.Source);
        Assert.InRange(recipe.Prior.Weight, 0, 1);
        // At or above the threshold nothing changes.
        var atThreshold = PredictorWorkflow.Predict(SharedData.Nb201, path, "titanxp_1", samples, options with { SmallSampleBelow = 5 }, ensemble: 1, suggestions: 0);
        Assert.Equal(plain.Scores, atThreshold.Scores);
    }

    [Fact]
    public void WithManySamplesPredictAveragesTheScratchGnnInOnlyWhereItCrossValidatesAsWell()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "gpus.nfp");
        PredictorWorkflow.Pretrain(SharedData.Nb201, GpuTask, Tiny(), path);
        int[] samples = [.. Enumerable.Range(0, 12).Select(i => i * 1300 + 7)];
        var plain = PredictorWorkflow.Predict(SharedData.Nb201, path, "titanxp_1", samples, Tiny(), ensemble: 1, suggestions: 0);
        var checkedIn = PredictorWorkflow.Predict(SharedData.Nb201, path, "titanxp_1", samples, Tiny() with { LargeSampleFrom = 12 }, ensemble: 1, suggestions: 0);

        // Either the scratch GNN cross-validated worse and nothing changed, or its ranking was averaged in: mean ranks in (0, 1].
        bool averaged = !plain.Scores.SequenceEqual(checkedIn.Scores);
        if (averaged) Assert.All(checkedIn.Scores, s => Assert.InRange(s, 0f, 1f));
        Assert.True(checkedIn.Metrics!.Spearman > 0.3, $"ρ = {checkedIn.Metrics.Spearman} (scratch averaged in: {averaged})");
        Assert.Equal(plain.Scores, PredictorWorkflow.Predict(SharedData.Nb201, path, "titanxp_1", samples, Tiny() with { LargeSampleFrom = 13 }, ensemble: 1, suggestions: 0).Scores);
    }

    [Fact]
    public void ANewDeviceFromMeasurementsGetsPredictionsAndSuggestions()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "gpus.nfp");
        PredictorWorkflow.Pretrain(SharedData.Nb201, GpuTask, Tiny(), path);
        // A "new" device whose measurements are titanxp_1's on 12 architectures.
        var latency = SharedData.Nb201.Latency;
        var rows = Enumerable.Range(0, 12).Select(i => i * 1000).ToDictionary(a => a, a => latency.Latency(a, "titanxp_1")!.Value);
        var data = SharedData.Nb201.WithDevices([Nasflat.Measurement.MeasurementsFile.AsDevice("newgpu", "memory", SharedData.Nb201, rows)]);
        var prediction = PredictorWorkflow.Predict(data, path, "newgpu", [.. rows.Keys], Tiny(), ensemble: 2, suggestions: 5);
        Assert.Null(prediction.Metrics);
        Assert.Equal(5, prediction.NextToMeasure.Count);
        Assert.DoesNotContain(prediction.NextToMeasure, rows.ContainsKey);
        Assert.Contains(prediction.Similar, d => d.Device == "titanxp_1" && d.Rho == 1);
        Assert.True(prediction.CompareWith(latency, "titanxp_1").Rho > 0.3);
    }

    [Fact]
    public void CancellationStopsTheRun()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => new FewShotExperiment(SharedData.Nb201, Tiny()).Run(GpuTask, cancellation: cancelled.Token));
    }

    [Fact]
    public void MismatchedSupplementaryWidthIsExplained()
    {
        var options = Tiny() with { Supplementary = "zcp" };
        var e = Assert.Throws<NasflatException>(() => new FewShotExperiment(SharedData.Nb201, options).Run(GpuTask));
        Assert.Contains("expects 0 supplementary inputs but 'zcp' has 3", e.Message);
    }

    [Fact]
    public void TheDefaultPresetIsThePapersRecipeWithTheStructuralPriorAndTheSmallAndLargeSampleRecipes()
    {
        foreach (var space in new[] { SearchSpaceKind.Nb201, SearchSpaceKind.Fbnet })
        {
            Assert.Equal("none", ExperimentPresets.Paper(space).Prior);
            Assert.Equal(0, ExperimentPresets.Paper(space).SmallSampleBelow);
            Assert.Equal(0, ExperimentPresets.Paper(space).LargeSampleFrom);
            Assert.Equal(0, ExperimentPresets.Search(space).SmallSampleBelow);
            Assert.Equal(0, ExperimentPresets.Search(space).LargeSampleFrom);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(ExperimentPresets.Core(space) with
                {
                    Prior = "auto", SmallSampleBelow = 10, SmallSampleWeights = SmallSampleWeighting.SampleTauHeldOut, SmallSampleSampler = "random",
                    LargeSampleFrom = 50, ChoosePriorFrom = space == SearchSpaceKind.Nb201 ? 20 : 0,
                }),
                System.Text.Json.JsonSerializer.Serialize(ExperimentPresets.Named("nasflat")(space)));
            Assert.Equal("none", ExperimentPresets.Search(space).Prior);
            // --preset paper --quick stays the paper's recipe (what `nasflat study --quick` runs).
            Assert.Equal("none", ExperimentPresets.Quicken(ExperimentPresets.Paper(space)).Prior);
            Assert.Equal(5, ExperimentPresets.Quicken(ExperimentPresets.Paper(space)).Training.PretrainEpochs);
            // The paper preset differs from the core recipe only in its samplers, which read the learned encodings
            // (spec §7.6: NB201 CATE, FBNet CAZ); the default and the search keep the core recipe's.
            string sampler = space == SearchSpaceKind.Nb201 ? "kmeans:cate" : "kmeans:caz";
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(ExperimentPresets.Core(space) with { PretrainSampler = sampler, TransferSampler = sampler }),
                System.Text.Json.JsonSerializer.Serialize(ExperimentPresets.Paper(space)));
            Assert.Equal(ExperimentPresets.Core(space).TransferSampler, ExperimentPresets.Search(space).TransferSampler);
        }
        Assert.Contains("nasflat, paper", Assert.Throws<NasflatException>(() => ExperimentPresets.Named("best")).Message);
    }

    [Fact]
    public void BelowTenSamplesTheDefaultDrawsTheMeasurementsAtRandomUnlessTheUserNamesASampler()
    {
        var fbnet = ExperimentPresets.Headline(SearchSpaceKind.Fbnet);
        Assert.Equal(["random", "random", "kmeans:zcp", "kmeans:zcp"], new[] { 2, 9, 10, 20 }.Select(fbnet.TransferSamplerFor));
        Assert.All(new[] { 5, 20 }, k => Assert.Equal("random", ExperimentPresets.Headline(SearchSpaceKind.Nb201).TransferSamplerFor(k)));
        // The paper's recipe has no small-sample recipe, so its k-means sampler serves every k.
        Assert.Equal("kmeans:caz", ExperimentPresets.Paper(SearchSpaceKind.Fbnet).TransferSamplerFor(5));

        ExperimentSetting<string> Setting(string name) => (ExperimentSetting<string>)ExperimentSettings.Find(name);
        var named = Setting("--sampler").Apply(fbnet, "latency");
        Assert.Equal(["latency", "latency"], new[] { 5, 20 }.Select(named.TransferSamplerFor));
        var both = Setting("--small-sample-sampler").Apply(named, "flops");
        Assert.Equal(["flops", "latency"], new[] { 5, 20 }.Select(both.TransferSamplerFor));
        Assert.Null(Setting("--small-sample-sampler").Apply(both, "none").SmallSampleSampler);
        // The CLI applies the settings in the table's order, so a --small-sample-sampler given with --sampler survives it.
        Assert.True(ExperimentSettings.All.ToList().FindIndex(s => s.Name == "--sampler")
            < ExperimentSettings.All.ToList().FindIndex(s => s.Name == "--small-sample-sampler"));
    }

    [Fact]
    public void KMeansGivesEverySeedNearlyTheSameFiveMeasurementsWhereRandomDrawsVary()
    {
        // Why the default draws the small-sample measurements at random on FBNet: k-means on the proxies takes the
        // member nearest each centroid, so the trials of a target share their five architectures.
        var data = SharedData.Fbnet;
        var samplers = new Nasflat.Sampling.SamplerFactory(data);
        var fbnet = ExperimentPresets.Headline(SearchSpaceKind.Fbnet);
        var candidates = data.Latency.MeasuredArchitectures(data.Latency.IndexOf("pixel3"));
        IReadOnlyList<int> Draw(ExperimentOptions options, int trial, int k) =>
            TransferSamples.Draw(samplers, options, "fbnet:FD", trial, "pixel3", k, candidates).Sample;

        var kmeans = fbnet with { SmallSampleSampler = null };
        int SharedWithFirstTrial(ExperimentOptions options, int k) =>
            Enumerable.Range(1, 4).Sum(trial => Draw(options, trial, k).Intersect(Draw(options, 0, k)).Count());
        Assert.True(SharedWithFirstTrial(kmeans, 5) >= 12, $"k-means: {SharedWithFirstTrial(kmeans, 5)} of 20 shared");
        Assert.True(SharedWithFirstTrial(fbnet, 5) <= 2, $"random: {SharedWithFirstTrial(fbnet, 5)} of 20 shared");
        // The default's draw below 10 is exactly the random sampler's, and from 10 exactly the k-means sampler's.
        Assert.Equal(Draw(fbnet with { TransferSampler = "random", SmallSampleSampler = null }, 1, 5), Draw(fbnet, 1, 5));
        Assert.Equal(Draw(kmeans, 1, 10), Draw(fbnet, 1, 10));
    }

    [Fact]
    public void SettingsChangeOnlyWhatTheyNameAndABadValueNamesTheOption()
    {
        var preset = ExperimentPresets.Headline(SearchSpaceKind.Fbnet);
        ExperimentSetting<T> Setting<T>(string name) => (ExperimentSetting<T>)ExperimentSettings.Find(name);
        var changed = Setting<string>("--supplementary").Apply(preset, "none");
        changed = Setting<int>("--transfer-epochs").Apply(changed, 2);
        changed = ExperimentSettings.WithSupplementaryWidth(Setting<string>("-k").Apply(changed, "5,10"), _ => 13);
        Assert.Null(changed.Supplementary);
        Assert.Equal(0, changed.Predictor.SupplementaryDim);
        Assert.Equal(2, changed.Training.TransferEpochs);
        Assert.Equal(2, changed.Training.EvaluationEpochs);
        Assert.Equal([5, 10], changed.K);
        Assert.Equal(preset.PretrainSamplesPerDevice, changed.PretrainSamplesPerDevice);
        Assert.Equal(preset.Training.TransferLearningRate, changed.Training.TransferLearningRate);
        Assert.Equal(13, ExperimentSettings.WithSupplementaryWidth(preset, _ => 13).Predictor.SupplementaryDim);

        // Every setting writes back what it reads, so none of them touches another option. --sampler names the sampler
        // of every k, so it also drops the small-sample one (the test above).
        foreach (var setting in ExperimentSettings.All)
            Assert.True(setting.Accept(new RoundTrip(setting.Name == "--sampler" ? preset with { SmallSampleSampler = null } : preset)),
                $"{setting.Name} does not write back what it reads");

        var e = Assert.Throws<NasflatException>(() => Setting<int>("--trials").Apply(preset, 0));
        Assert.StartsWith("--trials 0: ", e.Message);
        Assert.Contains("Trials must be at least 1", e.Message);
        Assert.Contains("'x'", Assert.Throws<NasflatException>(() => Setting<string>("-k").Apply(preset, "5,x")).Message);
    }

    private sealed class RoundTrip(ExperimentOptions options) : IExperimentSettingVisitor<bool>
    {
        public bool Visit<T>(ExperimentSetting<T> setting) =>
            System.Text.Json.JsonSerializer.Serialize(setting.Set(options, setting.Get(options))) == System.Text.Json.JsonSerializer.Serialize(options);
    }
}

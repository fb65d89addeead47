using Nasflat.Experiments;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Nasflat.Training;

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
        var first = new TransferExperiment(SharedData.Nb201, Tiny()).Run(GpuTask).Trials.Single();
        var second = new TransferExperiment(SharedData.Nb201, Tiny()).Run(GpuTask).Trials.Single();
        var other = new TransferExperiment(SharedData.Nb201, Tiny(seed: 8)).Run(GpuTask).Trials.Single();
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.NotEqual(first.Metrics, other.Metrics);
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
        var trial = new TransferExperiment(SharedData.Nb201, options).Run(GpuTask).Trials.Single();
        // titanxp_1 correlates at 0.97 with 1080ti_1; a working pipeline ranks it well, an untrained model near 0.
        Assert.True(trial.Metrics.Spearman > 0.85, $"ρ = {trial.Metrics.Spearman}");
        Assert.Equal("1080ti_1", trial.InitializedFrom);
        Assert.Equal(15625, trial.EvaluatedArchitectures);
    }

    [Fact]
    public void DevicesWithMissingMeasurementsUseOnlyWhatWasMeasured()
    {
        var task = TaskCatalog.Custom(SearchSpaceKind.Nb201, "latbench",
            ["mobile_cpu_snapdragon_450_cortex_a53_int8", "1080ti_1"], ["embedded_tpu_edge_tpu_int8"]);
        var trial = new TransferExperiment(SharedData.Nb201, Tiny()).Run(task).Trials.Single();
        Assert.Equal(15284, trial.EvaluatedArchitectures);
        Assert.True(double.IsFinite(trial.Metrics.Spearman));
        Assert.True(trial.Metrics.SpearmanExcludingSamples is > -1 and < 1);
    }

    [Fact]
    public void SavedPredictorAdaptsToADeviceAndScoresTheWholeSpace()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "gpus.nfp");
        var checkpoint = PredictorWorkflow.Pretrain(SharedData.Nb201, GpuTask, Tiny(), path);
        Assert.Equal(GpuTask.Train.ToArray(), checkpoint.Sources);
        Assert.Equal(SharedData.Nb201.Latency.Devices.Count, checkpoint.Devices.Count);

        var prediction = PredictorWorkflow.Adapt(SharedData.Nb201, path, "titanxp_1", 10, Tiny());
        Assert.Equal(15625, prediction.Scores.Length);
        Assert.Equal(10, prediction.Samples.Count);
        Assert.Equal("1080ti_1", prediction.InitializedFrom);
        Assert.NotNull(prediction.Metrics);
        Assert.True(prediction.Metrics!.Spearman > 0.3, $"ρ = {prediction.Metrics.Spearman}");

        var e = Assert.Throws<NasflatException>(() => PredictorWorkflow.Adapt(SharedData.Fbnet, path, "pixel2", 10, Tiny()));
        Assert.Contains("is a Nb201 predictor", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void CancellationStopsTheRun()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => new TransferExperiment(SharedData.Nb201, Tiny()).Run(GpuTask, cancellation: cancelled.Token));
    }

    [Fact]
    public void MismatchedSupplementaryWidthIsExplained()
    {
        var options = Tiny() with { Supplementary = "zcp" };
        var e = Assert.Throws<NasflatException>(() => new TransferExperiment(SharedData.Nb201, options).Run(GpuTask));
        Assert.Contains("expects 0 supplementary inputs but 'zcp' has 3", e.Message);
    }

    [Fact]
    public void OverridesChangeOnlyWhatTheyName()
    {
        var preset = ExperimentPresets.Headline(SearchSpaceKind.Fbnet);
        var changed = new ExperimentOverrides { Supplementary = "none", TransferEpochs = 2, K = [5, 10] }.ApplyTo(preset, _ => 13);
        Assert.Null(changed.Supplementary);
        Assert.Equal(0, changed.Predictor.SupplementaryDim);
        Assert.Equal(2, changed.Training.TransferEpochs);
        Assert.Equal(2, changed.Training.EvaluationEpochs);
        Assert.Equal([5, 10], changed.K);
        Assert.Equal(preset.PretrainSamplesPerDevice, changed.PretrainSamplesPerDevice);
        Assert.Equal(preset.Training.TransferLearningRate, changed.Training.TransferLearningRate);
    }
}

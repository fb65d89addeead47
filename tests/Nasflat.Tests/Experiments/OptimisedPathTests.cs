using Nasflat.Experiments;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Nasflat.Training;
using Nasflat.Runs;

namespace Nasflat.Tests.Experiments;

/// <summary>The speed-ups must not change the accuracy: the optimised path against the reference one, same seeds.</summary>
[Trait("Category", "Slow")]
public class OptimisedPathTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly LatencyTask CheckTask = TaskCatalog.Custom(SearchSpaceKind.Nb201, "check", ["1080ti_1", "gold_6240", "pixel3"], ["titanxp_1", "silver_4114", "titan_rtx_256", "samsung_a50"]);

    /// <summary>
    /// A small configuration: 3 sources, 4 targets, 30 pretraining epochs, 4 trials, ρ averaged over the last 2 fine-tuning
    /// epochs (whole-space scoring is most of the cost). Fewer trials or targets leave the
    /// mean ρ of two equally good paths about 0.01 apart by chance alone (different rounding or dropout draws send
    /// training down different paths), which is the tolerance.
    /// </summary>
    private static readonly ExperimentOptions SmallOptions = new()
    {
        Training = new TrainingOptions { PretrainEpochs = 30, PretrainBatchSize = 32, TransferEpochs = 20, EvaluationEpochs = 2 },
        PretrainSamplesPerDevice = 32,
        K = [20],
        Trials = 4,
        Seed = 11,
    };

    [Fact]
    public void SharedForwardScoringMatchesTheReferenceTwoPassScoring()
    {
        var (task, options) = (CheckTask, SmallOptions);
        var optimised = new FewShotExperiment(SharedData.Nb201, options).Run(task).Spearman(20).Mean;
        var reference = new FewShotExperiment(SharedData.Nb201,
            options with { Training = options.Training with { PairScoring = PairScoring.TwoPass, InferenceBatchSize = 4096 } }).Run(task).Spearman(20).Mean;
        output.WriteLine($"optimised ρ {optimised:0.0000}, reference ρ {reference:0.0000}");
        Assert.True(Math.Abs(optimised - reference) <= 0.01, $"optimised ρ {optimised:0.0000} vs reference ρ {reference:0.0000}");
    }

    [BFloat16Fact]
    public void BFloat16TrainingAndInferenceMatchFloat32()
    {
        var (task, options) = (CheckTask, SmallOptions);
        var float32 = new FewShotExperiment(SharedData.Nb201, options).Run(task).Spearman(20).Mean;
        var bfloat16 = new FewShotExperiment(SharedData.Nb201, options with
        {
            Training = options.Training with { TrainingPrecision = TrainingPrecision.BFloat16Mixed, InferencePrecision = InferencePrecision.BFloat16 },
        }).Run(task).Spearman(20).Mean;
        output.WriteLine($"float32 ρ {float32:0.0000}, bfloat16 ρ {bfloat16:0.0000}");
        Assert.True(Math.Abs(float32 - bfloat16) <= 0.01, $"float32 ρ {float32:0.0000} vs bfloat16 ρ {bfloat16:0.0000}");
    }
}

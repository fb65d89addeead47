using Nasflat.Models;
using Nasflat.Native;
using Nasflat.Runs;
using Nasflat.Tasks;
using Nasflat.Tensors;
using Nasflat.Training;
using Nasflat.Experiments;
using Nasflat.Spaces;
using static TorchSharp.torch;

namespace Nasflat.Tests.Tensors;

/// <summary>
/// Training code leaves no tensor to the finalizer (see <see cref="FinalizerWatch"/>): such leftovers crashed long
/// runs with segmentation faults inside libtorch (view, oneDNN) when a collection freed one during its native call.
/// </summary>
public class TensorLifetimeTests
{
    public TensorLifetimeTests() => TorchRuntime.EnsureLoaded();

    private static NasflatPredictor Small() => NasflatPredictor.Create(new PredictorOptions { DeviceVocabulary = 6 }, seed: 3);

    [Fact]
    public void TheWatchSeesATemporaryLeftToTheFinalizerAndNotOneThatIsKept()
    {
        using var kept = zeros(4);
        Tensor? stillReachable = null;
        var left = FinalizerWatch.LeftToFinalizer(() =>
        {
            kept.narrow(0, 0, 2).view(2, 1).Dispose(); // the narrow's wrapper is never disposed
            stillReachable = ones(3);
        });
        Assert.Equal(["1 × Tensor[2] Float32"], left);
        Assert.False(stillReachable!.IsInvalid);
        stillReachable.Dispose();
    }

    [Fact]
    public void FlatParametersAndTheOptimizerStepLeaveNothing()
    {
        using var model = Small();
        Assert.Empty(FinalizerWatch.LeftToFinalizer(() =>
        {
            using var flat = new FlatParameters(model.parameters());
            using var optimizer = new HeldScalarAdamW(flat, 1e-3, 1e-4, epochs: 2, minimumLearningRate: 0);
            using var mixed = new MixedPrecision(model, flat);
            mixed.Prepare();
            mixed.ZeroGradients();
            mixed.CopyGradientsToMaster();
            optimizer.Step();
            optimizer.EndEpoch(1);
        }));
    }

    [Fact]
    public void SnapshotsAndDeviceEmbeddingCopiesLeaveNothing()
    {
        using var model = Small();
        Assert.Empty(FinalizerWatch.LeftToFinalizer(() =>
        {
            using var snapshot = WeightSnapshot.Of(model);
            model.CopyDeviceEmbedding(1, 2);
            model.MixDeviceEmbeddings([(1, 0.25), (3, 0.75)], 4);
            snapshot.RestoreInto(model);
            using var copy = model.CopyIn(ScalarType.BFloat16);
        }));
    }

    [Fact]
    public void AWholeTransferTrialLeavesNothing()
    {
        var task = TaskCatalog.Custom(SearchSpaceKind.Nb201, "gpus", ["1080ti_1", "2080ti_1"], ["titanxp_1"]);
        var options = new ExperimentOptions
        {
            Training = new TrainingOptions { PretrainEpochs = 2, PretrainBatchSize = 32, TransferEpochs = 2, EvaluationEpochs = 1 },
            PretrainSamplesPerDevice = 32, K = [5, 50], Trials = 1, Seed = 5,
        };
        var run = () => new FewShotExperiment(SharedData.Nb201, options).Run(task);
        run(); // builds the caches a run keeps (space tensors), which are not leftovers
        Assert.Empty(FinalizerWatch.LeftToFinalizer(() => run()));
    }
}

using Nasflat.Experiments;
using Nasflat.Models;
using Nasflat.Training;

namespace Nasflat.Tests.Experiments;

public class PretrainingCacheTests
{
    private static readonly ExperimentOptions Tiny = new()
    {
        Training = new TrainingOptions { PretrainEpochs = 2, PretrainBatchSize = 32, TransferEpochs = 4, EvaluationEpochs = 2 },
        PretrainSamplesPerDevice = 16,
    };

    private static int[] Sources => [.. new[] { "1080ti_1", "pixel3" }.Select(SharedData.Nb201.Latency.IndexOf)];

    [Fact]
    public void ASecondPretrainingWithTheSameKeyLoadsTheSameWeights()
    {
        using var temp = new TempDirectory();
        var cache = new PretrainingCache(temp.Path);
        using var learner = new TransferLearner(SharedData.Nb201, Tiny);
        int pretrainings = 0;
        NasflatPredictor Pretrain()
        {
            pretrainings++;
            return learner.PretrainOnSources(Sources, 3, new Random(4));
        }
        int[] archs = [.. Enumerable.Range(0, 200)];
        using var first = cache.GetOrPretrain(SharedData.Nb201, Tiny, Sources, 3, 4, Pretrain);
        var firstScores = learner.Predict(first, archs, Sources[0]);
        using var second = cache.GetOrPretrain(SharedData.Nb201, Tiny, Sources, 3, 4, Pretrain);

        Assert.Equal(1, pretrainings);
        Assert.Equal(firstScores, learner.Predict(second, archs, Sources[0]));
        Assert.Single(Directory.GetFiles(temp.Path, "nb201-*.nfp"));

        // A corrupt entry is pretrained again, not trusted.
        string file = Directory.GetFiles(temp.Path).Single();
        File.WriteAllBytes(file, [1, 2, 3]);
        using var third = cache.GetOrPretrain(SharedData.Nb201, Tiny, Sources, 3, 4, Pretrain);
        Assert.Equal(2, pretrainings);
    }

    [Fact]
    public void TheKeyFollowsPretrainingButNotFineTuning()
    {
        var data = SharedData.Nb201;
        string key = PretrainingCache.Key(data, Tiny, Sources, 3, 4);
        Assert.Equal(key, PretrainingCache.Key(data, Tiny with { Training = Tiny.Training with { TransferEpochs = 40, TransferLearningRate = 0.5 }, Prior = "mixture", SmallSampleBelow = 10 }, Sources, 3, 4));
        Assert.NotEqual(key, PretrainingCache.Key(data, Tiny, Sources, 3, 5));
        Assert.NotEqual(key, PretrainingCache.Key(data, Tiny, Sources, 2, 4));
        Assert.NotEqual(key, PretrainingCache.Key(data, Tiny, [Sources[0]], 3, 4));
        Assert.NotEqual(key, PretrainingCache.Key(data, Tiny with { PretrainSamplesPerDevice = 17 }, Sources, 3, 4));
        Assert.NotEqual(key, PretrainingCache.Key(data, Tiny with { Training = Tiny.Training with { TrainingPrecision = TrainingPrecision.BFloat16Mixed } }, Sources, 3, 4));
    }

    [Fact]
    public void AnUnwritableCacheFolderIsNamedBeforePretraining()
    {
        using var temp = new TempDirectory();
        string file = Path.Combine(temp.Path, "not-a-folder");
        File.WriteAllText(file, "");
        bool pretrained = false;
        var error = Assert.Throws<NasflatException>(() => new PretrainingCache(Path.Combine(file, "cache")).GetOrPretrain(SharedData.Nb201, Tiny, Sources, 3, 4,
            () => { pretrained = true; throw new InvalidOperationException("must not pretrain"); }));
        Assert.False(pretrained);
        Assert.Contains(PretrainingCache.EnvironmentVariable, error.Message);
        Assert.Contains("writable folder", error.Message);
    }
}

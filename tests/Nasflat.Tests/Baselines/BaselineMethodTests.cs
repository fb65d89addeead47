using Nasflat.Baselines;
using Nasflat.Data;
using Nasflat.Evaluation;
using Nasflat.Experiments;
using Nasflat.Spaces;
using Nasflat.Tasks;
using Nasflat.Runs;

namespace Nasflat.Tests.Baselines;

public class BaselineMethodTests
{
    /// <summary>NB201 with a device "clone" whose latencies are a monotone transform of silver_4210r's.</summary>
    private static readonly Lazy<SpaceData> WithClone = new(() =>
    {
        var data = SharedData.Nb201;
        var source = data.Latency.Column("silver_4210r");
        var rows = Enumerable.Range(0, data.ArchitectureCount).ToDictionary(a => a, a => 2 * source[a] + 1);
        return data.WithDevices([Nasflat.Measurement.MeasurementsFile.AsDevice("clone", "memory", data, rows)]);
    });

    private static readonly LatencyTask CloneTask =
        TaskCatalog.Custom(SearchSpaceKind.Nb201, "clone", ["1080ti_1", "silver_4210r", "pixel3", "eyeriss"], ["clone"]);

    private static ExperimentOptions Options(EvaluationProtocol protocol = EvaluationProtocol.Nasflat) =>
        ExperimentPresets.Quick(SearchSpaceKind.Nb201) with
        {
            Protocol = protocol,
            K = [10],
            Baselines = new BaselineOptions
            {
                Help = new HelpOptions { Episodes = 20, MonteCarloSamples = 2, ValidationInterval = 10, LayerSize = 32 },
                MultiPredict = new MultiPredictOptions { SourceArchitectures = 200, PretrainEpochs = 10, TransferEpochs = 5, TransferRepeats = 2 },
                Gbt = new GbtOptions { SourceArchitectures = 150, Trees = 60 },
            },
        };

    private static TaskResult Run(string method, ExperimentOptions? options = null) =>
        new FewShotExperiment(WithClone.Value, options ?? Options(), method).Run(CloneTask);

    [Fact]
    public void NearestDeviceFindsTheSourceATargetCopies()
    {
        // clone = 2·silver_4210r + 1, so the nearest source ranks it perfectly.
        Assert.Equal(1.0, Run("nearest").Spearman(10).Mean, 12);
    }

    [Fact]
    public void FlopsBaselineIsTheSpearmanOfFlopsAndLatency()
    {
        var data = WithClone.Value;
        var truth = data.Latency.Column("clone").ToArray();
        double expected = RankCorrelation.Spearman(Enumerable.Range(0, data.ArchitectureCount).Select(a => (double)data.Flops(a)).ToArray(), truth);
        var result = Run("flops");
        Assert.Equal(expected, result.Spearman(10).Mean, 12);
        Assert.InRange(expected, 0.5, 0.99);
    }

    [Theory]
    [InlineData("gbt", 0.85)]
    [InlineData("multipredict", 0.6)]
    public void LearnedBaselinesTransferToACopiedDeviceAndAreReproducible(string method, double atLeast)
    {
        var first = Run(method);
        var second = Run(method);
        Assert.True(first.Spearman(10).Mean >= atLeast, $"{method}: ρ {first.Spearman(10).Mean:0.000} < {atLeast}");
        Assert.Equal(first.Trials.Select(t => t.Metrics.Spearman), second.Trials.Select(t => t.Metrics.Spearman));
    }

    [Fact]
    public void ChainedMultiPredictTransfersStartEachTargetFromThePreviousOnesWeights()
    {
        var data = WithClone.Value;
        var rows = Enumerable.Range(0, data.ArchitectureCount).ToDictionary(a => a, a => Math.Sqrt(data.Latency.Column("pixel3")[a]));
        var twoTargets = data.WithDevices([Nasflat.Measurement.MeasurementsFile.AsDevice("root", "memory", data, rows)]);
        var task = TaskCatalog.Custom(SearchSpaceKind.Nb201, "two", ["1080ti_1", "silver_4210r", "pixel3", "eyeriss"], ["clone", "root"]);
        TaskResult RunWith(bool chain)
        {
            var options = Options();
            options = options with
            {
                Baselines = options.Baselines with
                {
                    MultiPredict = options.Baselines.MultiPredict with { TransferRepeats = 1, ChainTransfers = chain },
                },
            };
            return new FewShotExperiment(twoTargets, options, "multipredict").Run(task);
        }
        var fresh = RunWith(chain: false);
        var chained = RunWith(chain: true);
        // The first target starts from the pretrained weights either way; the second, when chained, from the first's end.
        Assert.Equal(fresh.Trials[0].Metrics.Spearman, chained.Trials[0].Metrics.Spearman);
        Assert.NotEqual(fresh.Trials[1].Metrics.Spearman, chained.Trials[1].Metrics.Spearman);
    }

    [Fact]
    public void AllMethodsSeeTheSameSamples()
    {
        // Identical samples: the flops baseline's strict ρ (samples left out) depends on which k were drawn, and it
        // matches a direct computation over the samples TransferSamples draws for the same seed, trial and device.
        var data = WithClone.Value;
        var options = Options();
        int clone = data.Latency.IndexOf("clone");
        var candidates = data.Latency.MeasuredArchitectures(clone);
        var (sample, _) = TransferSamples.Draw(new Nasflat.Sampling.SamplerFactory(data), options, CloneTask.Id, 0, "clone", 10, candidates);
        var held = candidates.Except(sample).ToArray();
        double expected = RankCorrelation.Spearman(held.Select(a => (double)data.Flops(a)).ToArray(), held.Select(a => data.Latency.Column(clone)[a]).ToArray());
        Assert.Equal(expected, Run("flops").Trials[0].Metrics.SpearmanExcludingSamples, 12);
    }

    [Fact]
    public void HelpProtocolScoresTheTrimmedQuerySetOnly()
    {
        var latency = WithClone.Value.Latency;
        int clone = latency.IndexOf("clone");
        var query = EvaluationSplit.WithoutOutliers(latency, clone, 900, 1000);
        Assert.Equal(800, query.Count);
        Assert.All(query, a => Assert.InRange(a, 900, 1899));
        var column = latency.Column(clone);
        var window = Enumerable.Range(900, 1000).Select(a => column[a]).Order().ToArray();
        Assert.All(query, a => Assert.InRange(column[a], window[100], window[899]));

        var result = Run("nearest", Options(EvaluationProtocol.Help));
        Assert.Equal(800, result.Trials[0].EvaluatedArchitectures);
        Assert.Equal(1.0, result.Spearman(10).Mean, 12);
    }

    [Fact]
    public void HelpMetaLearnsReproduciblyAndRanksACopiedDevice()
    {
        var first = Run("help");
        var second = Run("help");
        // Same seeds give the same run up to float rounding (libtorch's threaded second-order kernels sum in varying
        // order; seen: 2e-6 in ρ).
        Assert.Equal(first.Spearman(10).Mean, second.Spearman(10).Mean, 1e-4);
        // 20 tiny episodes: well above chance, far from the real configuration's 0.9.
        Assert.True(first.Spearman(10).Mean > 0.3, $"HELP ρ {first.Spearman(10).Mean:0.000}");
    }

    [Fact]
    public void NasflatRunsUnderItsOwnProtocolOnly()
    {
        var e = Assert.Throws<NasflatException>(() =>
            Benchmark.RunOne(WithClone.Value, CloneTask, FewShotMethods.Nasflat, Options(EvaluationProtocol.Help)));
        Assert.Contains("own protocol", e.Message);
    }

    [Fact]
    public void UnknownMethodNamesAreAClearError()
    {
        Assert.Equal(FewShotMethods.Names, FewShotMethods.Parse("all"));
        Assert.Equal(["help", "gbt"], FewShotMethods.Parse("HELP, gbt,help"));
        var e = Assert.Throws<NasflatException>(() => FewShotMethods.Parse("nasflat,lgbm"));
        Assert.Contains("'lgbm'", e.Message);
        Assert.Contains("multipredict", e.Message);
    }
}

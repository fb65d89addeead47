using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Nasflat.Data;
using Nasflat.Encodings;
using Nasflat.Models;
using Nasflat.Training;
using TorchSharp;
using static TorchSharp.torch;
using Nasflat.Runs;

namespace Nasflat.Benchmarks;

/// <summary>
/// The predictor's forward pass on real encodings: batch 20 (a fine-tuning step), 128 (a pretraining step) and
/// 256 (a whole-space inference chunk), for NB201 (8 nodes) and FBNet (22 nodes, with the 13 proxies).
/// In-process so the libtorch compatibility fix of the host applies.
/// </summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class PredictorForwardBenchmarks
{
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }

    [Params("nb201", "fbnet")]
    public string Space { get; set; } = "nb201";

    [Params(20, 128, 256)]
    public int Batch { get; set; }

    private SpaceTensors _tensors = null!;
    private NasflatPredictor _model = null!;
    private GraphBatch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        Native.TorchRuntime.EnsureLoaded();
        var catalog = DataCatalog.Open();
        SpaceData data = Space == "nb201" ? catalog.Nb201 : catalog.Fbnet;
        var features = Space == "fbnet" ? FeatureCatalog.Build(data, "zcp") : null;
        _tensors = new SpaceTensors(data, features);
        _model = NasflatPredictor.Create(new PredictorOptions { SupplementaryDim = features?.Columns ?? 0 }, 1);
        var index = torch.arange(0, Batch, dtype: ScalarType.Int64);
        _batch = _tensors.Batch(index, torch.zeros(Batch, dtype: ScalarType.Int64));
    }

    [Benchmark(Description = "forward, eval, no grad")]
    public float Inference()
    {
        _model.eval();
        using var noGrad = torch.no_grad();
        using var scores = _model.forward(_batch);
        return scores[0].item<float>();
    }

    [Benchmark(Description = "forward + backward, train")]
    public float TrainingStep()
    {
        _model.train();
        using var scope = NewDisposeScope();
        var loss = _model.forward(_batch).square().mean();
        loss.backward();
        _model.zero_grad();
        return loss.item<float>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _tensors.Dispose();
    }
}

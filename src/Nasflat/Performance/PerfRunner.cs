using System.Diagnostics;
using Nasflat.Data;
using Nasflat.Experiments;
using Nasflat.Models;
using Nasflat.Sampling;
using Nasflat.Tasks;
using Nasflat.Training;
using Nasflat.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Performance;

/// <summary>A configuration to time: the optimised defaults, or the behaviour they replace.</summary>
public sealed record PerfVariant(string Name, Func<ExperimentOptions, ExperimentOptions> Apply)
{
    /// <summary>The defaults of a run on this machine: the preset in the precision the environment chose.</summary>
    public static PerfVariant Optimised { get; } = new("optimised", o => ExperimentPresets.ForEnvironment(o, Native.PrecisionChoice.Current));

    /// <summary>The optimised path with every pass in float32 (the default before bfloat16).</summary>
    public static PerfVariant Float32 { get; } = new("float32", o => o with
    {
        Training = o.Training with { TrainingPrecision = TrainingPrecision.Float32, InferencePrecision = InferencePrecision.Float32 },
    });

    /// <summary>The reference code's choices: float32, two forward passes per pair batch and whole-space inference in 4096-graph batches.</summary>
    public static PerfVariant Reference { get; } = new("reference", o => Float32.Apply(o) with
    {
        Training = Float32.Apply(o).Training with { PairScoring = PairScoring.TwoPass, InferenceBatchSize = 4096 },
    });

    public static IReadOnlyList<PerfVariant> All { get; } = [Optimised, Float32, Reference];
}

/// <summary>
/// Times the hot paths of the headline configurations: a pretraining epoch, a fine-tuning epoch, a whole-space
/// evaluation, and forward/backward throughput, next to a dense matrix product as the machine's practical peak.
/// Every figure is the median of several repetitions.
/// </summary>
public sealed class PerfRunner(DataCatalog catalog, int repetitions = 5, int epochs = 5)
{
    /// <summary>GFLOP/s of a dense square matrix product in the given precision: the machine's practical peak for it.</summary>
    public static double MeasurePeakGigaflops(ScalarType dtype = ScalarType.Float32, int size = 2048, int repetitions = 10)
    {
        Native.TorchRuntime.EnsureLoaded();
        using var generator = new Generator(1); // its own: a draw from the global one could land inside a seeded construction
        using var a = torch.randn(size, size, generator: generator).to(dtype);
        using var b = torch.randn(size, size, generator: generator).to(dtype);
        for (int i = 0; i < 2; i++) a.matmul(b).Dispose();
        var times = new List<double>();
        for (int i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            times.Add(watch.Elapsed.TotalSeconds);
        }
        return new Timing("matmul", times, 1, "product", 2.0 * size * size * size).GigaflopsPerSecond;
    }

    public PerfSection Measure(LatencyTask task, PerfVariant variant, Action<string>? status = null)
    {
        var data = catalog.Space(task.Space);
        var options = variant.Apply(ExperimentPresets.Core(task.Space)) with { Trials = 1 };
        using var learner = new TransferLearner(data, options);
        var sources = task.Train.Select(data.Latency.IndexOf).ToArray();
        var pool = data.Latency.MeasuredOnAll(sources);
        var random = new Random(1);
        var archs = new SamplerFactory(data).Create(options.PretrainSampler).Sample(pool, options.PretrainSamplesPerDevice, random);
        int nodes = data.Graph(0).NodeCount;
        double forwardFlops = 2.0 * PredictorCost.ForwardMacsPerGraph(options.Predictor, nodes);
        var timings = new List<Timing>();

        status?.Invoke($"{task.Id} {variant.Name}: pretraining epochs");
        var pretrainOptions = options with { Training = options.Training with { PretrainEpochs = epochs } };
        using var pretrainLearner = new TransferLearner(data, pretrainOptions);
        var epochTimes = new List<double>();
        var watch = Stopwatch.StartNew();
        using var model = pretrainLearner.Pretrain(sources, archs, 1, random, _ =>
        {
            epochTimes.Add(watch.Elapsed.TotalSeconds);
            watch.Restart();
        });
        long examples = (long)archs.Count * sources.Length;
        double graphsPerEpoch = options.Training.PairScoring == PairScoring.SharedForward
            ? examples
            : examples * 2.0 * options.Training.PairsPerSample;
        timings.Add(new Timing("pretraining epoch", epochTimes.Skip(1).ToList(), graphsPerEpoch, "graphs", 3 * forwardFlops * graphsPerEpoch));

        status?.Invoke($"{task.Id} {variant.Name}: fine-tuning epochs");
        int target = data.Latency.IndexOf(task.Test[0]);
        var sample = new RandomSampler().Sample(data.Latency.MeasuredArchitectures(target), 20, random);
        var transferTimes = new List<double>();
        var transferOptions = options with { Training = options.Training with { TransferEpochs = Math.Max(epochs * 2, 10), EvaluationEpochs = 1 } };
        using (var transferLearner = new TransferLearner(data, transferOptions))
        {
            watch.Restart();
            transferLearner.FineTune(model, target, sample, sources, 1, random, _ =>
            {
                transferTimes.Add(watch.Elapsed.TotalSeconds);
                watch.Restart();
            });
        }
        double transferGraphs = options.Training.PairScoring == PairScoring.SharedForward ? 20 : 20 * 2.0 * options.Training.PairsPerSample;
        timings.Add(new Timing("fine-tuning epoch (k=20)", transferTimes.Skip(1).ToList(), transferGraphs, "graphs", 3 * forwardFlops * transferGraphs));

        status?.Invoke($"{task.Id} {variant.Name}: whole-space evaluation");
        var all = Enumerable.Range(0, data.ArchitectureCount).ToList();
        learner.Predict(model, all, target);
        timings.Add(Repeat($"evaluation of all {all.Count} architectures", all.Count, forwardFlops * all.Count, () => learner.Predict(model, all, target)));

        status?.Invoke($"{task.Id} {variant.Name}: forward and backward");
        timings.AddRange(ForwardBackward(data, model, options, archs, sources, forwardFlops));
        bool reduced = options.Training.TrainingPrecision == TrainingPrecision.BFloat16Mixed || options.Training.InferencePrecision == InferencePrecision.BFloat16;
        return new PerfSection(task.Space.ToString(), task.Id, variant.Name, timings, reduced ? "bfloat16" : "float32");
    }

    private IEnumerable<Timing> ForwardBackward(SpaceData data, NasflatPredictor model, ExperimentOptions options, IReadOnlyList<int> archs,
        int[] sources, double forwardFlops)
    {
        int batch = options.Training.PretrainBatchSize;
        var features = options.Supplementary is null ? null : Encodings.FeatureCatalog.Build(data, options.Supplementary);
        using var tensors = new SpaceTensors(data, features);
        var index = torch.tensor(Enumerable.Range(0, batch).Select(i => (long)archs[i % archs.Count]).ToArray());
        var devices = torch.tensor(Enumerable.Range(0, batch).Select(i => (long)sources[i % sources.Length]).ToArray());
        model.train();
        // Under mixed precision the passes run on the bfloat16 working copy, as in training.
        using var weights = new FlatParameters(model.parameters());
        using var mixed = options.Training.TrainingPrecision == TrainingPrecision.BFloat16Mixed ? new MixedPrecision(model, weights) : null;
        var timed = mixed?.Prepare() ?? model;
        var forward = new List<double>();
        var backward = new List<double>();
        for (int r = 0; r < repetitions + 1; r++)
        {
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            var scores = timed.forward(tensors.Batch(index, devices));
            var loss = scores.to(ScalarType.Float32).Squared().mean();
            double forwardSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            loss.backward();
            double backwardSeconds = watch.Elapsed.TotalSeconds;
            if (mixed is null) weights.ZeroGradients();
            else mixed.ZeroGradients();
            if (r == 0) continue; // warm-up
            forward.Add(forwardSeconds);
            backward.Add(backwardSeconds);
        }
        yield return new Timing($"forward, batch {batch} (train mode)", forward, batch, "graphs", forwardFlops * batch);
        yield return new Timing($"backward, batch {batch}", backward, batch, "graphs", 2 * forwardFlops * batch);
    }

    private Timing Repeat(string name, double work, double flops, Action action)
    {
        var times = new List<double>();
        for (int r = 0; r < repetitions; r++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalSeconds);
        }
        return new Timing(name, times, work, "graphs", flops);
    }
}

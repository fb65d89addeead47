using Nasflat.Tensors;
using Nasflat.Data;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Nasflat.Numerics;
using Nasflat.Experiments;

using Nasflat.Methods;

namespace Nasflat.Baselines;

/// <summary>
/// HELP (Lee et al., NeurIPS 2021), re-implemented from its paper and public description: a latency predictor
/// conditioned on a hardware embedding (a device's latencies on 10 fixed reference architectures), meta-learned over
/// the source devices with second-order MAML / Meta-SGD, and adapted to a new device with a few gradient steps on its
/// k samples. Meta-training uses support sets of k samples, so it runs once per trial and k.
/// </summary>
/// <remarks>
/// Choices where the public description leaves room, or where this harness differs:
/// the meta-training pool is the first 900 (NB201) / 4000 (FBNet) architectures without each device's 10 % outliers,
/// whatever the protocol; HELP keeps the episode that scored best on separate "meta-valid" devices, which the paper's
/// tasks do not define, so the best episode is chosen on the source devices' held-out next 1000 architectures; a new device's samples are scaled by their own min and max
/// (HELP's loader scales by the min and max of the device's whole 900-architecture pool, which a new device has not
/// measured); predictions average all Monte-Carlo samples; a reference architecture a device lacks takes the median
/// of the others.
/// </remarks>
public sealed class HelpMethod(HelpOptions options) : SingleScoreMethod
{
    /// <summary>HELP's loader scales latencies into [0.05, 0.95].</summary>
    private const double HelpMargin = 0.05;

    private HelpInputs? _inputs;
    private HelpNetwork? _network;
    private (int Trial, int K) _prepared = (-1, -1);
    private Generator? _generator;

    public override string Name => "help";

    public override void Prepare(MethodContext context, int k, IProgress<double>? progress, CancellationToken cancellation)
    {
        if (_prepared == (context.Trial, k) && _network is not null) return;
        var data = context.Data;
        _inputs ??= new HelpInputs(data);
        _network?.Dispose();
        _generator?.Dispose();
        _network = new HelpNetwork(_inputs.IsGraph, _inputs.InputWidth, options.LayerSize, options.InnerLearningRate, context.Seed("help", k, "init"));
        _generator = new Generator((ulong)context.Seed("help", k, "z"));
        var random = new Random(context.Seed("help", k, "episodes"));
        int poolSize = EvaluationSplit.HelpPoolSize(data.Space);
        var tasks = context.Sources.Select(s => SourceTask.Create(data, s, EvaluationSplit.WithoutOutliers(data.Latency, s, 0, poolSize)))
            .Where(t => t.Pool.Length > k).ToArray();
        if (tasks.Length == 0) throw new NasflatException($"HELP: no source device of {context.TaskId} has more than {k} measured pool architectures.");

        var metaParameters = _network.MetaParameters(options.MetaSgd, options.Modulation).ToArray();
        // Adam (AdamW without decay) at a constant rate, holding its scalars (TorchSharp's optimizers pass temporary
        // ones to libtorch; see HeldScalarAdamW).
        using var flat = new FlatParameters(metaParameters);
        using var optimizer = new HeldScalarAdamW(flat, options.MetaLearningRate, weightDecay: 0, options.Episodes, options.MetaLearningRate);
        int innerTasks = Math.Min(options.InnerTasks, tasks.Length);
        var validation = ValidationTasks(context, tasks, k);
        double bestScore = double.NegativeInfinity;
        Tensor[]? best = null;
        for (int episode = 0; episode < options.Episodes; episode++)
        {
            if (validation.Count > 0 && episode > 0 && episode % options.ValidationInterval == 0)
                Keep(Validate(validation), ref bestScore, ref best, metaParameters);
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var chosen = tasks.ToArray();
            random.Shuffle(chosen);
            Tensor? metaLoss = null;
            foreach (var task in chosen.Take(innerTasks))
            {
                var order = task.Pool.ToArray();
                random.Shuffle(order);
                var support = order.Take(k).ToArray();
                var query = order.Skip(k).Take(options.QueryPerTask).ToArray();
                var (start, kl) = Start(task.Hardware);
                var adapted = Adapt(start, support, task.Targets(support), task.Hardware, options.SecondOrder);
                var (features, adjacency) = _inputs.Select(Index(query));
                var loss = F.mse_loss(_network.Forward(adapted, features, adjacency, task.Hardware), task.Targets(query)) / HelpNetwork.Constant(innerTasks);
                if (kl is not null) loss = loss.Plus(HelpNetwork.Constant(options.KlScaling) * kl);
                metaLoss = metaLoss is null ? loss : metaLoss.Plus(loss);
            }
            flat.ZeroGradients();
            metaLoss!.backward();
            optimizer.Step();
            if ((episode + 1) % 20 == 0) progress?.Report((episode + 1.0) / options.Episodes);
        }
        if (validation.Count > 0)
        {
            Keep(Validate(validation), ref bestScore, ref best, metaParameters);
            using var noGrad = torch.no_grad();
            for (int i = 0; i < metaParameters.Length; i++) metaParameters[i].copy_(best![i]);
        }
        foreach (var tensor in best ?? []) tensor.Dispose();
        foreach (var task in tasks) task.Hardware.Dispose();
        _prepared = (context.Trial, k);
    }

    private static void Keep(double score, ref double bestScore, ref Tensor[]? best, TorchSharp.Modules.Parameter[] parameters)
    {
        if (!(score > bestScore)) return;
        bestScore = score;
        foreach (var tensor in best ?? []) tensor.Dispose();
        using var scope = NewDisposeScope(); // holds the detached views through the copies' native calls
        best = [.. parameters.Select(p => p.detach().clone())];
        scope.Detach(best);
    }

    /// <summary>Held-out checks: a source device's k pool samples against its next 1000 architectures without outliers.</summary>
    private List<(SourceTask Task, int[] Support, int[] Query, double[] Truth)> ValidationTasks(MethodContext context, SourceTask[] tasks, int k)
    {
        if (options.ValidationInterval <= 0) return [];
        var data = context.Data;
        int poolSize = EvaluationSplit.HelpPoolSize(data.Space);
        var random = new Random(context.Seed("help", k, "validation"));
        var list = new List<(SourceTask, int[], int[], double[])>();
        foreach (var task in tasks.Take(options.ValidationDevices))
        {
            var query = EvaluationSplit.WithoutOutliers(data.Latency, task.Device, poolSize, EvaluationSplit.HelpQuerySize).ToArray();
            if (query.Length < 10) continue;
            var order = task.Pool.ToArray();
            random.Shuffle(order);
            list.Add((task, order.Take(k).ToArray(), query, query.Select(a => data.Latency.Column(task.Device)[a]).ToArray()));
        }
        return list;
    }

    private double Validate(List<(SourceTask Task, int[] Support, int[] Query, double[] Truth)> checks)
    {
        double total = 0;
        foreach (var (task, support, query, truth) in checks)
        {
            using var scope = NewDisposeScope();
            var (start, _) = Start(task.Hardware);
            var adapted = Adapt(start, support, task.Targets(support), task.Hardware, createGraph: false).Select(p => p.detach()).ToArray();
            using var noGrad = torch.no_grad();
            var (features, adjacency) = _inputs!.Select(Index(query));
            var predicted = _network!.Forward(adapted, features, adjacency, task.Hardware).data<float>().ToArray();
            total += Evaluation.RankCorrelation.Spearman(predicted.Select(v => (double)v).ToArray(), truth);
        }
        return total / checks.Count;
    }

    protected override float[] Score(MethodContext context, int target, IReadOnlyList<int> sample, IReadOnlyList<int> architectures, Random random)
    {
        var network = _network ?? throw new InvalidOperationException("Prepare must run before Predict.");
        var latency = context.Data.Latency;
        using var scope = NewDisposeScope();
        var hardware = SourceTask.HardwareEmbedding(context.Data, target);
        var scale = MinMaxScale.Fit(sample.Select(a => latency.Column(target)[a]), HelpMargin);
        var targets = torch.tensor(sample.Select(a => scale.Apply(latency.Column(target)[a])).ToArray());

        var sum = new double[architectures.Count];
        var index = architectures.Select(a => (long)a).ToArray();
        int samples = options.Modulation ? options.MonteCarloSamples : 1;
        for (int s = 0; s < samples; s++)
        {
            using var inner = NewDisposeScope();
            var (start, _) = Start(hardware);
            var adapted = Adapt(start, [.. sample], targets, hardware, createGraph: false).Select(p => p.detach()).ToArray();
            using var noGrad = torch.no_grad();
            for (int from = 0; from < index.Length; from += 4096)
            {
                using var chunk = NewDisposeScope();
                var (features, adjacency) = _inputs!.Select(torch.tensor(index[from..Math.Min(index.Length, from + 4096)]));
                var predicted = network.Forward(adapted, features, adjacency, hardware).data<float>().ToArray();
                for (int i = 0; i < predicted.Length; i++) sum[from + i] += predicted[i];
            }
        }
        return sum.Select(v => (float)(v / samples)).ToArray();
    }

    private (Tensor[] Start, Tensor? Kl) Start(Tensor hardware)
    {
        if (!options.Modulation) return (_network!.Theta.Select(p => (Tensor)p).ToArray(), null);
        return _network!.Modulated(hardware, options.ZScaling, _generator!);
    }

    private Tensor[] Adapt(Tensor[] start, int[] support, Tensor targets, Tensor hardware, bool createGraph)
    {
        var (features, adjacency) = _inputs!.Select(Index(support));
        return _network!.Adapt(start, features, adjacency, hardware, targets, options.InnerSteps, options.MetaSgd, options.InnerLearningRate, createGraph);
    }

    private static Tensor Index(int[] architectures) => torch.tensor(architectures.Select(a => (long)a).ToArray());

    public override void Dispose()
    {
        _network?.Dispose();
        _inputs?.Dispose();
        _generator?.Dispose();
    }

    /// <summary>A source device as a meta-training task: its pool, its normalised latencies and its hardware embedding.</summary>
    private sealed class SourceTask(int device, int[] pool, float[] normalized, Tensor hardware)
    {
        public int Device { get; } = device;
        public int[] Pool { get; } = pool;
        public Tensor Hardware { get; } = hardware;

        public Tensor Targets(int[] architectures) => torch.tensor(architectures.Select(a => normalized[a]).ToArray());

        /// <summary>Latencies scaled into [0.05, 0.95] by the pool's min and max, as HELP's loader does.</summary>
        public static SourceTask Create(SpaceData data, int device, IReadOnlyList<int> pool)
        {
            var column = data.Latency.Column(device);
            var scale = MinMaxScale.Fit(pool.Select(a => column[a]), HelpMargin);
            var normalized = column.Select(scale.Apply).ToArray();
            var hardware = HardwareEmbedding(data, device);
            return new SourceTask(device, [.. pool], normalized, hardware);
        }

        /// <summary>The device's latencies on HELP's 10 reference architectures, min–max scaled over those 10.</summary>
        public static Tensor HardwareEmbedding(SpaceData data, int device)
        {
            var column = data.Latency.Column(device);
            var raw = data.HelpReferenceIndices.Select(a => column[a]).ToArray();
            double median = Evaluation.Statistics.Median(raw.Where(v => !double.IsNaN(v)));
            if (double.IsNaN(median)) throw new NasflatException($"HELP: device '{data.Latency.Devices[device].Name}' has none of HELP's 10 reference architectures measured.");
            var filled = raw.Select(v => double.IsNaN(v) ? median : v).ToArray();
            var scale = MinMaxScale.Fit(filled);
            return torch.tensor(filled.Select(scale.Apply).ToArray());
        }
    }
}

using Nasflat.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Nasflat.Baselines;

/// <summary>
/// HELP's meta-learner as explicit parameter tensors, so the inner loop can run the same network on adapted copies
/// (MAML): an architecture encoder (4 GCN layers for NB201, 2 linear layers for FBNet), a hardware-embedding encoder
/// (2 linear layers on the 10 reference latencies), and a 3-layer head on both. Also holds Meta-SGD's per-parameter
/// inner learning rates and the inference network whose sample z scales the head's weights and shifts its biases.
/// </summary>
internal sealed class HelpNetwork : IDisposable
{
    public const int HardwareEmbeddingDim = 10;

    private readonly int _layer;
    private readonly int _encoderTensors;

    /// <summary>The meta-learned initial weights θ (encoder, hardware encoder, head: fc3, fc4, fc5).</summary>
    public Parameter[] Theta { get; }

    /// <summary>Meta-SGD inner learning rates, one tensor per θ tensor.</summary>
    public Parameter[] InnerRates { get; }

    /// <summary>The inference network: hardware embedding → 10 → mean and raw scale of z.</summary>
    public Parameter[] Inference { get; }

    private int ZSize => 3 * (2 * _layer + 1);

    public HelpNetwork(bool graph, int inputWidth, int layer, double innerRate, long seed)
    {
        Native.TorchRuntime.EnsureLoaded();
        _layer = layer;
        using var generator = new Generator((ulong)seed);
        Parameter Uniform(double bound, params long[] shape)
        {
            using var scope = NewDisposeScope();
            var values = torch.rand(shape, generator: generator).mul_(Constant(2 * bound)).sub_(Constant(bound));
            return new Parameter(values.detach().MoveToOuterDisposeScope(), requires_grad: true);
        }
        var theta = new List<Parameter>();
        void Linear(int input, int output)
        {
            double bound = 1 / Math.Sqrt(input);
            theta.Add(Uniform(bound, output, input));
            theta.Add(Uniform(bound, output));
        }
        if (graph)
            for (int i = 0; i < 4; i++)
            {
                // GCN weights are [in, out] with a narrow uniform start, as in HELP's GCN.
                theta.Add(Uniform(0.05, i == 0 ? inputWidth : layer, layer));
                theta.Add(Uniform(1 / Math.Sqrt(layer), layer));
            }
        else
        {
            Linear(inputWidth, layer);
            Linear(layer, layer);
        }
        _encoderTensors = theta.Count;
        Linear(HardwareEmbeddingDim, layer);
        Linear(layer, layer);
        Linear(2 * layer, 2 * layer);
        Linear(2 * layer, 2 * layer);
        Linear(2 * layer, 1);
        Theta = [.. theta];
        InnerRates = [.. Theta.Select(p =>
        {
            using var rate = Constant(innerRate);
            return new Parameter(torch.ones_like(p).mul_(rate), requires_grad: true);
        })];
        var inference = new List<Parameter>();
        theta = inference;
        Linear(HardwareEmbeddingDim, 10);
        Linear(10, 2 * ZSize);
        Inference = [.. inference];
    }

    public IEnumerable<Parameter> MetaParameters(bool metaSgd, bool modulation) =>
        Theta.Concat(metaSgd ? InnerRates : []).Concat(modulation ? Inference : []);

    /// <summary>Predicted normalised latency, [B].</summary>
    public Tensor Forward(IReadOnlyList<Tensor> p, Tensor features, Tensor? adjacency, Tensor hardware)
    {
        Tensor h;
        int i;
        if (adjacency is not null)
        {
            h = features;
            for (i = 0; i < _encoderTensors; i += 2) h = F.relu(torch.bmm(adjacency, h.matmul(p[i])).Plus(p[i + 1]));
            h = h.select(1, -1);
        }
        else
        {
            h = F.relu(F.linear(features, p[0], p[1]));
            h = F.relu(F.linear(h, p[2], p[3]));
            i = 4;
        }
        var g = F.relu(F.linear(hardware.unsqueeze(0), p[i], p[i + 1]));
        g = F.relu(F.linear(g, p[i + 2], p[i + 3]));
        h = torch.cat([h, g.expand(h.shape[0], -1)], 1);
        h = F.relu(F.linear(h, p[i + 4], p[i + 5]));
        h = F.relu(F.linear(h, p[i + 6], p[i + 7]));
        return F.linear(h, p[i + 8], p[i + 9]).squeeze(-1);
    }

    /// <summary>
    /// θ modulated by a sample of z drawn from the inference network given the device's hardware embedding, and the
    /// sample's KL divergence from the standard normal prior.
    /// </summary>
    public (Tensor[] Parameters, Tensor Kl) Modulated(Tensor hardware, double scaling, Generator generator)
    {
        var stats = F.linear(F.relu(F.linear(hardware, Inference[0], Inference[1])), Inference[2], Inference[3]);
        var mean = stats.narrow(0, 0, ZSize);
        var scale = stats.narrow(0, ZSize, ZSize).Softplus();
        var z = mean.Plus(scale * torch.randn([ZSize], generator: generator));
        var kl = (scale.Squared().Plus(mean.Squared()).mul(Constant(0.5)) - scale.log() - Constant(0.5)).sum();
        var zScaled = z.mul(Constant(scaling));
        var parameters = Theta.Select(t => (Tensor)t).ToArray();
        int head = Theta.Length - 6, width = 2 * _layer;
        for (int layer = 0; layer < 3; layer++)
        {
            int w = head + 2 * layer;
            parameters[w] = Theta[w] * zScaled.narrow(0, layer * width, width).Plus(Constant(1));
            parameters[w + 1] = Theta[w + 1].Plus(zScaled[3 * width + layer]);
        }
        return (parameters, kl);
    }

    /// <summary>A few gradient steps on the support set (Meta-SGD rates, or one shared rate when <paramref name="metaSgd"/> is off).</summary>
    public Tensor[] Adapt(Tensor[] start, Tensor features, Tensor? adjacency, Tensor hardware, Tensor targets, int steps, bool metaSgd,
        double innerRate, bool createGraph)
    {
        var current = start;
        for (int step = 0; step < steps; step++)
        {
            var loss = F.mse_loss(Forward(current, features, adjacency, hardware), targets);
            var grads = torch.autograd.grad([loss], current, retain_graph: createGraph, create_graph: createGraph);
            current = [.. current.Select((p, i) => p - (metaSgd ? InnerRates[i] : Constant(innerRate)) * grads[i])];
        }
        return current;
    }

    /// <summary>
    /// A constant as a 0-d tensor owned by the current dispose scope. Implicit Scalars are avoided: a temporary Scalar
    /// can be finalised while the native call that uses it still runs (see GraphAttentionLayer).
    /// </summary>
    internal static Tensor Constant(double value) => torch.tensor((float)value);

    public void Dispose()
    {
        foreach (var p in Theta.Concat(InnerRates).Concat(Inference)) p.Dispose();
    }
}

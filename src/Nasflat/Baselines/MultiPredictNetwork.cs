using Nasflat.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Nasflat.Experiments;

namespace Nasflat.Baselines;

/// <summary>
/// MultiPredict's latency predictor, as its public description lays it out: an architecture encoder (NB201: 4 GCN
/// layers of 200 over HELP's cell graph, read out at the global node, then 200 → 200 → 30; FBNet: 132 → 100 → 100 → 30
/// on HELP's layer code), a learnable embedding per device, and a head (one hidden layer of 1000) with a sigmoid, since
/// the targets are min–max normalised latencies. Extra features (the zero-cost proxies of MultiPredict's proxy-augmented
/// representation) enter as MultiPredict feeds them: FBNet's beside the layer code into the encoder, NB201's beside the
/// GCN's output straight into the head.
/// </summary>
/// <remarks>
/// The encoder and the head are separate so that transfer can fine-tune the head and the device embedding on encodings
/// computed once: MultiPredict freezes the encoder when it adapts to a new device. NB201's proxies thus stay visible to
/// the part that adapts.
/// </remarks>
internal sealed class MultiPredictNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private const int GraphWidth = 200, VectorWidth = 100;

    private readonly bool _graph;
    private readonly ParameterList gcn = new();
    private readonly Sequential encoder = nn.Sequential();
    private readonly Embedding devices;
    private readonly Sequential head = nn.Sequential();

    public MultiPredictNetwork(int inputWidth, bool graph, int extraFeatures, int deviceCount, MultiPredictOptions options, long seed)
        : base("MultiPredict")
    {
        _graph = graph;
        using var generator = new Generator((ulong)seed);
        using var noGrad = torch.no_grad();
        Linear Layer(long input, long output)
        {
            // libtorch's default law, drawn from this network's own generator so that construction is seeded per network.
            var layer = nn.Linear(input, output);
            double bound = 1 / Math.Sqrt(input);
            layer.weight!.uniform_(-bound, bound, generator);
            layer.bias!.uniform_(-bound, bound, generator);
            return layer;
        }

        int embedding = options.ArchitectureEmbeddingDim;
        if (graph)
        {
            for (int i = 0; i < 4; i++)
            {
                // GCN weights [in, out] with HELP's and BRP-NAS's narrow uniform start.
                gcn.Add(new Parameter(torch.empty(i == 0 ? inputWidth : GraphWidth, GraphWidth).uniform_(-0.05, 0.05, generator)));
                double bound = 1 / Math.Sqrt(GraphWidth);
                gcn.Add(new Parameter(torch.empty(GraphWidth).uniform_(-bound, bound, generator)));
            }
            encoder.append("fc3", Layer(GraphWidth, GraphWidth)).append("relu3", nn.ReLU());
            encoder.append("fc4", Layer(GraphWidth, GraphWidth)).append("relu4", nn.ReLU());
            encoder.append("fc5", Layer(GraphWidth, embedding));
        }
        else
        {
            encoder.append("fc1", Layer(inputWidth + extraFeatures, VectorWidth)).append("relu1", nn.ReLU());
            encoder.append("fc2", Layer(VectorWidth, VectorWidth)).append("relu2", nn.ReLU());
            encoder.append("fc3", Layer(VectorWidth, embedding)).append("relu3", nn.ReLU());
        }
        if (graph) embedding += extraFeatures;
        devices = nn.Embedding(deviceCount, options.HardwareEmbeddingDim);
        using (var weight = devices.weight!) weight.normal_(0, 1, generator); // the getter makes a new wrapper each time

        // The head's start follows the reference's: weights N(0, 2/(fan-in + fan-out)), biases N(0, 1/fan-out).
        Linear Normal(long input, long output)
        {
            var layer = nn.Linear(input, output);
            layer.weight!.normal_(0, Math.Sqrt(2.0 / (input + output)), generator);
            layer.bias!.normal_(0, Math.Sqrt(1.0 / output), generator);
            return layer;
        }
        long width = embedding + options.HardwareEmbeddingDim;
        for (int i = 0; i < options.HeadHiddenDims.Count; i++)
        {
            head.append($"linear{i}", Normal(width, options.HeadHiddenDims[i])).append($"relu{i}", nn.ReLU());
            width = options.HeadHiddenDims[i];
        }
        head.append("out", Normal(width, 1)).append("sigmoid", nn.Sigmoid());
        RegisterComponents();
    }

    /// <summary>Architecture encodings [B, E]: what the head reads beside the device embedding.</summary>
    public Tensor Encode(Tensor features, Tensor? adjacency, Tensor? extraFeatures)
    {
        if (!_graph) return encoder.forward(extraFeatures is null ? features : torch.cat([features, extraFeatures], 1));
        var h = features;
        for (int i = 0; i < gcn.Count; i += 2) h = F.relu(torch.bmm(adjacency!, h.matmul(gcn[i])).Plus(gcn[i + 1]));
        h = encoder.forward(h.select(1, -1));
        return extraFeatures is null ? h : torch.cat([h, extraFeatures], 1);
    }

    /// <summary>Predicted normalised latency [B] from encodings and device rows.</summary>
    public override Tensor forward(Tensor encodings, Tensor deviceRows) =>
        head.forward(torch.cat([encodings, devices.forward(deviceRows)], 1)).squeeze(-1);

    /// <summary>What transfer fine-tunes: the device embeddings and the head.</summary>
    public IEnumerable<Parameter> TransferParameters() => devices.parameters().Concat(head.parameters());

    public void CopyDevice(int from, int to)
    {
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope(); // each weight read and row is a new wrapper, held here through its call
        devices.weight![to].copy_(devices.weight[from]);
    }
}

using Nasflat.Tensors;
using Nasflat.Spaces.Nb201;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nasflat.Networks;

/// <summary>
/// The full NAS-Bench-201 network for one cell (NAS-Bench-201's "infer.tiny", C = 16, N = 5): stem, three stages of
/// five cells separated by residual reduction blocks, and the classifier head.
/// </summary>
public sealed class Nb201Network : nn.Module<Tensor, Tensor>
{
    private readonly Sequential stem;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> body = new();
    private readonly Sequential head;

    public Nb201Cell Cell { get; }
    public Nb201Dataset Dataset { get; }

    public Nb201Network(Nb201Cell cell, Nb201Dataset dataset = Nb201Dataset.Cifar10) : base(nameof(Nb201Network))
    {
        Cell = cell;
        Dataset = dataset;
        stem = nn.Sequential(nn.Conv2d(3, 16, 3, padding: 1, bias: false), nn.BatchNorm2d(16));
        long channels = 16;
        for (int stage = 0; stage < 3; stage++)
        {
            if (stage > 0)
            {
                body.Add(new ResidualReduction(channels, channels * 2));
                channels *= 2;
            }
            for (int i = 0; i < 5; i++) body.Add(new Nb201CellModule(cell, channels));
        }
        head = nn.Sequential(nn.BatchNorm2d(channels), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, Nb201Cost.Classes(dataset)));
        RegisterComponents();
    }

    /// <summary>Input shape of one image: 3×32×32 (CIFAR) or 3×16×16 (ImageNet16-120).</summary>
    public long[] InputShape(long batch) { long r = Nb201Cost.InputResolution(Dataset); return [batch, 3, r, r]; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = stem.call(input);
        foreach (var block in body) x = block.call(x);
        return head.call(x).MoveToOuterDisposeScope();
    }
}

/// <summary>One cell: node 1 = op0(n0); node 2 = op1(n0) + op2(n1); node 3 = op3(n0) + op4(n1) + op5(n2).</summary>
internal sealed class Nb201CellModule : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> edges = new();

    public Nb201CellModule(Nb201Cell cell, long channels) : base("Nb201Cell")
    {
        foreach (var op in cell.Ops) edges.Add(Edge(op, channels));
        RegisterComponents();
    }

    private static nn.Module<Tensor, Tensor> Edge(Nb201Op op, long c) => op switch
    {
        Nb201Op.None => new Zero(),
        Nb201Op.SkipConnect => new Identity(),
        Nb201Op.NorConv1x1 => nn.Sequential(nn.ReLU(), nn.Conv2d(c, c, 1, bias: false), nn.BatchNorm2d(c)),
        Nb201Op.NorConv3x3 => nn.Sequential(nn.ReLU(), nn.Conv2d(c, c, 3, padding: 1, bias: false), nn.BatchNorm2d(c)),
        Nb201Op.AvgPool3x3 => nn.AvgPool2d(3, stride: 1, padding: 1, count_include_pad: false),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public override Tensor forward(Tensor n0)
    {
        using var scope = NewDisposeScope();
        var n1 = edges[0].call(n0);
        var n2 = edges[1].call(n0).Plus(edges[2].call(n1));
        var n3 = edges[3].call(n0).Plus(edges[4].call(n1)).Plus(edges[5].call(n2));
        return n3.MoveToOuterDisposeScope();
    }
}

/// <summary>NB201's stride-2 residual block: ReLU-Conv3x3(s2)-BN-ReLU-Conv3x3-BN plus AvgPool(2)-Conv1x1 shortcut.</summary>
internal sealed class ResidualReduction : nn.Module<Tensor, Tensor>
{
    private readonly Sequential main;
    private readonly Sequential shortcut;

    public ResidualReduction(long cin, long cout) : base(nameof(ResidualReduction))
    {
        main = nn.Sequential(nn.ReLU(), nn.Conv2d(cin, cout, 3, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(cout),
            nn.ReLU(), nn.Conv2d(cout, cout, 3, padding: 1, bias: false), nn.BatchNorm2d(cout));
        shortcut = nn.Sequential(nn.AvgPool2d(2, stride: 2), nn.Conv2d(cin, cout, 1, bias: false));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return shortcut.call(x).Plus(main.call(x)).MoveToOuterDisposeScope();
    }
}

/// <summary>The <c>none</c> edge: a real multiply by zero, as the reference executes it (it costs time).</summary>
internal sealed class Zero() : nn.Module<Tensor, Tensor>("Zero")
{
    private readonly Scalar zero = 0.0.ToScalar();
    public override Tensor forward(Tensor x) => x.mul(zero);

    protected override void Dispose(bool disposing)
    {
        if (disposing) zero.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>The skip edge; returns an alias, never the input itself (containers dispose what children return).</summary>
internal sealed class Identity() : nn.Module<Tensor, Tensor>("Identity")
{
    public override Tensor forward(Tensor x) => x.alias();
}

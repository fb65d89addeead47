using Nasflat.Tensors;
using Nasflat.Spaces.Fbnet;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nasflat.Networks;

/// <summary>The full FBNet network for 22 block choices (HW-NAS-Bench's definition), CIFAR-100 or ImageNet.</summary>
public sealed class FbnetNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential stem;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> layers = new();
    private readonly Sequential head;

    public FbnetArch Arch { get; }
    public FbnetDataset Dataset { get; }

    public FbnetNetwork(FbnetArch arch, FbnetDataset dataset = FbnetDataset.Cifar100) : base(nameof(FbnetNetwork))
    {
        Arch = arch;
        Dataset = dataset;
        stem = nn.Sequential(nn.Conv2d(3, FbnetMacro.StemChannels, 3, stride: FbnetMacro.StemStride(dataset), padding: 1, bias: false),
            nn.BatchNorm2d(FbnetMacro.StemChannels), nn.ReLU());
        foreach (var slot in FbnetMacro.Layers(dataset))
        {
            var shape = arch[slot.Layer].Shape();
            layers.Add(shape is { } s
                ? new ConvBlock(slot.InChannels, slot.OutChannels, s, slot.Stride)
                : slot.HasResidual ? new Identity() : nn.Sequential(
                    nn.Conv2d(slot.InChannels, slot.OutChannels, 1, stride: slot.Stride, bias: false), nn.BatchNorm2d(slot.OutChannels), nn.ReLU()));
        }
        int headChannels = FbnetMacro.HeadChannels(dataset);
        head = nn.Sequential(nn.Conv2d(FbnetMacro.StageChannels[^1], headChannels, 1, bias: false), nn.BatchNorm2d(headChannels), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(headChannels, FbnetMacro.Classes(dataset)));
        RegisterComponents();
    }

    public long[] InputShape(long batch) { long r = FbnetMacro.InputResolution(Dataset); return [batch, 3, r, r]; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = stem.call(input);
        foreach (var layer in layers) x = layer.call(x);
        return head.call(x).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// FBNet's inverted-residual block: grouped 1×1 expansion (BN, ReLU), channel shuffle when grouped, depthwise k×k
/// with the stride (BN, ReLU), grouped 1×1 projection (BN), plus the input when shapes match.
/// </summary>
internal sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Sequential expand;
    private readonly Sequential depthwise;
    private readonly Sequential project;
    private readonly long groups;
    private readonly bool residual;

    public ConvBlock(long cin, long cout, FbnetBlockShape shape, long stride) : base(nameof(ConvBlock))
    {
        long hidden = shape.Expansion * cin;
        groups = shape.Groups;
        residual = cin == cout && stride == 1;
        long padding = (shape.Kernel - stride + 1) / 2; // ceil((k − s) / 2)
        expand = nn.Sequential(nn.Conv2d(cin, hidden, 1, groups: groups, bias: false), nn.BatchNorm2d(hidden), nn.ReLU());
        depthwise = nn.Sequential(nn.Conv2d(hidden, hidden, shape.Kernel, stride: stride, padding: padding, groups: hidden, bias: false),
            nn.BatchNorm2d(hidden), nn.ReLU());
        project = nn.Sequential(nn.Conv2d(hidden, cout, 1, groups: groups, bias: false), nn.BatchNorm2d(cout));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = expand.call(x);
        if (groups > 1)
        {
            long n = h.shape[0], c = h.shape[1], height = h.shape[2], width = h.shape[3];
            h = h.view(n, groups, c / groups, height, width).transpose(1, 2).contiguous().view(n, c, height, width);
        }
        h = project.call(depthwise.call(h));
        return (residual ? h.Plus(x) : h).MoveToOuterDisposeScope();
    }
}

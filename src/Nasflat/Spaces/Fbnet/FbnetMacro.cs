namespace Nasflat.Spaces.Fbnet;

/// <summary>The two datasets HW-NAS-Bench defines FBNet networks for.</summary>
public enum FbnetDataset
{
    Cifar100,
    ImageNet,
}

/// <summary>Shape of one searchable layer in the macro network.</summary>
public readonly record struct FbnetLayerSlot(int Layer, int Stage, int InChannels, int OutChannels, int Stride, int InputResolution)
{
    public int OutputResolution => InputResolution / Stride;

    /// <summary>A block adds its input back only when the shapes match.</summary>
    public bool HasResidual => InChannels == OutChannels && Stride == 1;
}

/// <summary>The fixed FBNet macro skeleton (HW-NAS-Bench's definition): stem, 7 stages of 22 layers, head.</summary>
public static class FbnetMacro
{
    public static IReadOnlyList<int> StageLayerCounts { get; } = [1, 4, 4, 4, 4, 4, 1];
    public static IReadOnlyList<int> StageChannels { get; } = [16, 24, 32, 64, 112, 184, 352];
    public const int StemChannels = 16;

    public static IReadOnlyList<int> StageStrides(FbnetDataset dataset) =>
        dataset == FbnetDataset.Cifar100 ? [1, 1, 2, 2, 1, 2, 1] : [1, 2, 2, 2, 1, 2, 1];

    public static int InputResolution(FbnetDataset dataset) => dataset == FbnetDataset.Cifar100 ? 32 : 224;
    public static int StemStride(FbnetDataset dataset) => dataset == FbnetDataset.Cifar100 ? 1 : 2;
    public static int HeadChannels(FbnetDataset dataset) => dataset == FbnetDataset.Cifar100 ? 1504 : 1984;
    public static int Classes(FbnetDataset dataset) => dataset == FbnetDataset.Cifar100 ? 100 : 1000;

    public static IReadOnlyList<FbnetLayerSlot> Layers(FbnetDataset dataset)
    {
        var strides = StageStrides(dataset);
        var slots = new List<FbnetLayerSlot>(FbnetArch.LayerCount);
        int resolution = InputResolution(dataset) / StemStride(dataset);
        int channels = StemChannels;
        for (int stage = 0; stage < StageLayerCounts.Count; stage++)
        {
            for (int i = 0; i < StageLayerCounts[stage]; i++)
            {
                int stride = i == 0 ? strides[stage] : 1;
                var slot = new FbnetLayerSlot(slots.Count, stage, channels, StageChannels[stage], stride, resolution);
                slots.Add(slot);
                channels = slot.OutChannels;
                resolution = slot.OutputResolution;
            }
        }
        return slots;
    }
}

namespace Nasflat.Spaces.Fbnet;

/// <summary>
/// Parameters and multiply-accumulates of a full FBNet network, counted like NAS-Bench-201 counts them:
/// convolutions and the classifier; BN contributes 2 parameters per channel and no MACs.
/// </summary>
public static class FbnetCost
{
    public static long Parameters(FbnetArch arch, FbnetDataset dataset = FbnetDataset.Cifar100) => Count(arch, dataset).Params;

    /// <summary>MACs of one image. The classifier bias is counted (NAS-Bench-201's convention) unless told otherwise.</summary>
    public static long Flops(FbnetArch arch, FbnetDataset dataset = FbnetDataset.Cifar100, bool countClassifierBias = true)
    {
        long macs = Count(arch, dataset).Macs;
        return countClassifierBias ? macs + FbnetMacro.Classes(dataset) : macs;
    }

    private static (long Params, long Macs) Count(FbnetArch arch, FbnetDataset dataset)
    {
        long parameters = 0, macs = 0;
        void Conv(long cin, long cout, long kernel, long groups, long outResolution)
        {
            parameters += kernel * kernel * cin * cout / groups;
            macs += outResolution * outResolution * kernel * kernel * cin * cout / groups;
        }
        void BatchNorm(long channels) => parameters += 2 * channels;

        long stemResolution = FbnetMacro.InputResolution(dataset) / FbnetMacro.StemStride(dataset);
        Conv(3, FbnetMacro.StemChannels, 3, 1, stemResolution);
        BatchNorm(FbnetMacro.StemChannels);

        foreach (var slot in FbnetMacro.Layers(dataset))
        {
            var shape = arch[slot.Layer].Shape();
            if (shape is { } s)
            {
                long hidden = (long)s.Expansion * slot.InChannels;
                Conv(slot.InChannels, hidden, 1, s.Groups, slot.InputResolution);
                BatchNorm(hidden);
                Conv(hidden, hidden, s.Kernel, hidden, slot.OutputResolution); // depthwise, carries the stride
                BatchNorm(hidden);
                Conv(hidden, slot.OutChannels, 1, s.Groups, slot.OutputResolution);
                BatchNorm(slot.OutChannels);
            }
            else if (!slot.HasResidual)
            {
                // A skip that changes shape is a real 1x1 projection (Conv-BN-ReLU).
                Conv(slot.InChannels, slot.OutChannels, 1, 1, slot.OutputResolution);
                BatchNorm(slot.OutChannels);
            }
        }

        var last = FbnetMacro.Layers(dataset)[^1];
        long head = FbnetMacro.HeadChannels(dataset);
        Conv(last.OutChannels, head, 1, 1, last.OutputResolution);
        BatchNorm(head);
        long classes = FbnetMacro.Classes(dataset);
        parameters += head * classes + classes;
        macs += head * classes;
        return (parameters, macs);
    }
}

namespace Nasflat.Spaces.Nb201;

/// <summary>The image datasets of NAS-Bench-201; they change the input size and the classifier width.</summary>
public enum Nb201Dataset
{
    Cifar10,
    Cifar100,
    ImageNet16_120,
}

/// <summary>
/// Parameters and multiply-accumulates ("FLOPs" in NAS-Bench-201's tables) of the full NB201 network, counted the way
/// NAS-Bench-201 counts them: convolutions and the classifier (with its bias); pooling, BN, ReLU, additions and the
/// <c>none</c> multiply are free. Params are trainable parameters; BN running statistics are not counted.
/// </summary>
public static class Nb201Cost
{
    private const int StemChannels = 16;
    private const int CellsPerStage = 5;
    private const int Stages = 3;

    public static int InputResolution(Nb201Dataset dataset) => dataset == Nb201Dataset.ImageNet16_120 ? 16 : 32;

    public static int Classes(Nb201Dataset dataset) => dataset switch
    {
        Nb201Dataset.Cifar10 => 10,
        Nb201Dataset.Cifar100 => 100,
        Nb201Dataset.ImageNet16_120 => 120,
        _ => throw new ArgumentOutOfRangeException(nameof(dataset)),
    };

    public static long Parameters(Nb201Cell cell, Nb201Dataset dataset = Nb201Dataset.Cifar10) => Count(cell, dataset).Params;

    /// <summary>Multiply-accumulates of one forward pass of a single image.</summary>
    public static long Flops(Nb201Cell cell, Nb201Dataset dataset = Nb201Dataset.Cifar10) => Count(cell, dataset).Macs;

    private static (long Params, long Macs) Count(Nb201Cell cell, Nb201Dataset dataset)
    {
        long resolution = InputResolution(dataset);
        long classes = Classes(dataset);
        long parameters = 0, macs = 0;

        void Conv(long cin, long cout, long kernel, long outResolution)
        {
            parameters += kernel * kernel * cin * cout;
            macs += outResolution * outResolution * kernel * kernel * cin * cout;
        }
        void BatchNorm(long channels) => parameters += 2 * channels;

        Conv(3, StemChannels, 3, resolution);
        BatchNorm(StemChannels);

        long channels = StemChannels;
        for (int stage = 0; stage < Stages; stage++)
        {
            if (stage > 0)
            {
                // Residual reduction: ReLU-Conv3x3(s2)-BN-ReLU-Conv3x3-BN, shortcut AvgPool(2)-Conv1x1 without BN.
                long cout = channels * 2;
                resolution /= 2;
                Conv(channels, cout, 3, resolution);
                BatchNorm(cout);
                Conv(cout, cout, 3, resolution);
                BatchNorm(cout);
                Conv(channels, cout, 1, resolution);
                channels = cout;
            }
            for (int c = 0; c < CellsPerStage; c++)
            {
                foreach (var op in cell.Ops)
                {
                    long kernel = op switch { Nb201Op.NorConv1x1 => 1, Nb201Op.NorConv3x3 => 3, _ => 0 };
                    if (kernel == 0) continue;
                    Conv(channels, channels, kernel, resolution);
                    BatchNorm(channels);
                }
            }
        }

        BatchNorm(channels); // head BN before ReLU and global pooling
        parameters += channels * classes + classes;
        macs += channels * classes + classes;
        return (parameters, macs);
    }
}

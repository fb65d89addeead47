using Nasflat.Data;
using Nasflat.Networks;
using Nasflat.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace Nasflat.Measurement;

/// <summary>Builds the real network of an architecture of the data, in eval mode, with its input shape.</summary>
public static class BenchmarkNetworks
{
    public static (nn.Module<Tensor, Tensor> Network, long[] InputShape) Build(SpaceData data, int index, MeasurementOptions options)
    {
        Native.TorchRuntime.EnsureLoaded();
        return Tensors.SeededConstruction.Unseeded(() => BuildUnseeded(data, index, options)); // weights do not matter for timing
    }

    private static (nn.Module<Tensor, Tensor> Network, long[] InputShape) BuildUnseeded(SpaceData data, int index, MeasurementOptions options)
    {
        nn.Module<Tensor, Tensor> network;
        long[] shape;
        switch (data)
        {
            case Nb201Data nb201:
                var cell = new Nb201Network(nb201.Cells[index]);
                network = cell;
                shape = cell.InputShape(options.Batch);
                break;
            case FbnetData fbnet:
                var arch = new FbnetNetwork(fbnet.Architectures[index]);
                network = arch;
                shape = arch.InputShape(options.Batch);
                break;
            default:
                throw new NasflatException($"No network builder for {data.Space.Id()}.");
        }
        if (options.Resolution is { } r) shape = [shape[0], shape[1], r, r];
        network.eval();
        return (network, shape);
    }
}

namespace Nasflat.Training;

/// <summary>Labelled examples: an architecture on a device (its embedding row) with its normalised latency.</summary>
public sealed record TrainingSet(long[] Architectures, long[] DeviceRows, float[] Targets)
{
    public int Count => Targets.Length;

    public static TrainingSet Build(IEnumerable<(int Architecture, int DeviceRow, float Target)> examples)
    {
        var list = examples.Where(e => !float.IsNaN(e.Target)).ToList();
        return new TrainingSet(
            list.Select(e => (long)e.Architecture).ToArray(),
            list.Select(e => (long)e.DeviceRow).ToArray(),
            list.Select(e => e.Target).ToArray());
    }
}

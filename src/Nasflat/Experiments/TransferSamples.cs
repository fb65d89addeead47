using Nasflat.Sampling;
using Nasflat.Training;

namespace Nasflat.Experiments;

/// <summary>
/// The k measured architectures of a target device in one trial. Every method of a benchmark draws them here, so
/// all methods see exactly the same samples for the same seed, task, trial, device and k.
/// </summary>
public static class TransferSamples
{
    /// <returns>The samples, and the random stream (already advanced by the draw) the method may go on using.</returns>
    public static (IReadOnlyList<int> Sample, Random Random) Draw(SamplerFactory samplers, ExperimentOptions options, string taskId, int trial,
        string device, int k, IReadOnlyList<int> candidates)
    {
        var random = Seeds.Random(options.Seed, taskId, "trial", trial, device, k);
        var sample = samplers.Create(options.TransferSamplerFor(k), device).Sample(candidates, k, random);
        return (sample, random);
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Nasflat.Data;
using Nasflat.Models;
using Nasflat.Training;

namespace Nasflat.Experiments;

/// <summary>
/// Pretrained predictors kept on disk, so that runs which pretrain the same predictor on the same sources with the same
/// seeds (another variant of NASFLAT, a rerun of a leave-one-device-out fold with other methods or k) load it instead
/// of pretraining again: an FBNet fold costs about 20 minutes on 2 cores. Opt-in through
/// <c>$NASFLAT_PRETRAIN_CACHE</c> (a folder), because a test that checks that pretraining is reproducible must pretrain.
/// The key holds everything that decides the weights: the pretraining options (precision included), the sources and
/// their latencies, the seeds, the CPU (its kernels round differently) and <see cref="Version"/>.
/// </summary>
public sealed class PretrainingCache(string folder)
{
    public const string EnvironmentVariable = "NASFLAT_PRETRAIN_CACHE";

    /// <summary>Raised whenever pretraining's code changes the weights it produces, so older entries are not reused.</summary>
    public const int Version = 1;

    public string Folder { get; } = folder;

    /// <summary>The cache <c>$NASFLAT_PRETRAIN_CACHE</c> names, or null when it is unset.</summary>
    public static PretrainingCache? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } folder ? new PretrainingCache(folder) : null;

    /// <summary>The cached predictor for this pretraining, or a fresh one from <paramref name="pretrain"/>, saved atomically for the next run.</summary>
    public NasflatPredictor GetOrPretrain(SpaceData data, ExperimentOptions options, IReadOnlyList<int> sources, int initSeed, int pretrainSeed,
        Func<NasflatPredictor> pretrain)
    {
        string path = System.IO.Path.Combine(Folder, $"{Spaces.SearchSpaceKindExtensions.Id(data.Space)}-{Key(data, options, sources, initSeed, pretrainSeed)}.nfp");
        if (File.Exists(path))
        {
            try
            {
                return PredictorCheckpoint.Load(path).Model;
            }
            catch (NasflatException)
            {
                File.Delete(path); // corrupt: pretrain again
            }
        }
        // The folder is made before pretraining, so a bad $NASFLAT_PRETRAIN_CACHE fails at once, not after 20 minutes.
        WriteOrExplain(() => Directory.CreateDirectory(Folder));
        var model = pretrain();
        var names = data.Latency.Devices.Select(d => d.Name).ToList();
        WriteOrExplain(() => PredictorCheckpoint.Save(path, model, data.Space, names, sources.Select(s => names[s]).ToList(), options.Supplementary), model);
        return model;
    }

    private void WriteOrExplain(Action write, IDisposable? discard = null)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            discard?.Dispose();
            throw new NasflatException($"${EnvironmentVariable} is '{Folder}', where pretrained predictors cannot be saved ({e.Message}); " +
                "point it at a writable folder or unset it.");
        }
    }

    /// <summary>A hash of everything that decides the pretrained weights.</summary>
    public static string Key(SpaceData data, ExperimentOptions options, IReadOnlyList<int> sources, int initSeed, int pretrainSeed)
    {
        using var latencies = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (int source in sources)
            latencies.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.Latency.Column(source).AsSpan()));
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            Version, options.Predictor, Training = options.Training.PretrainingOnly(), options.Supplementary, options.PretrainSampler, options.PretrainSamplesPerDevice,
            options.FbnetAdjacency, Sources = sources.Select(s => $"{data.Latency.Devices[s].Name}@{s}"), data.ArchitectureCount,
            Latencies = Convert.ToHexStringLower(latencies.GetHashAndReset()), initSeed, pretrainSeed, Cpu = Native.CpuFeatures.Current,
        }))))[..20];
    }
}

using Nasflat.Data;
using Nasflat.Reporting;
using Nasflat.Sampling;
using Nasflat.Native;

namespace Nasflat.Measurement;

/// <summary>
/// Measuring a new device end to end: pick architectures (given, or suggested by a sampler), time them with
/// <see cref="LatencyMeter"/> (resumable), and write the device file that the data layer loads.
/// </summary>
public static class DeviceMeasurement
{
    /// <summary>Architectures a user should measure first on a new device, drawn by the given sampler (<c>FirstMeasurements</c> picks the default).</summary>
    public static IReadOnlyList<int> Suggest(SpaceData data, int k, string sampler, int seed = 1)
    {
        if (k < 3) throw new NasflatException("Suggest at least 3 architectures (the predictor needs pairs and a calibration).");
        return new SamplerFactory(data).Create(sampler).Sample(Enumerable.Range(0, data.ArchitectureCount).ToList(), k, new Random(seed)).Order().ToList();
    }

    /// <summary>
    /// Measures the architectures on this machine as device <paramref name="name"/> and writes
    /// <c>&lt;devices&gt;/&lt;space&gt;/&lt;name&gt;.csv</c>; earlier measurements of the same device (same protocol) are
    /// kept and merged, so a device can be measured in several sessions.
    /// </summary>
    public static IReadOnlyList<ArchitectureTiming> Run(SpaceData data, string name, IReadOnlyList<int> architectures, MeasurementOptions options,
        string devicesDirectory, IProgress<MeasurementProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (!DeviceFile.IsValidName(name)) throw new NasflatException($"Device name '{name}' must use letters, digits, '_' or '-' only.");
        if (data.Latency.Contains(name) && data.Latency.Device(name).Source != DeviceSource.User)
            throw new NasflatException($"'{name}' is a device of the shipped data; choose another name for your device.");
        string path = DeviceFile.PathFor(devicesDirectory, data.Space, name);
        string journal = Path.ChangeExtension(path, ".journal");
        options = options with { Space = data.Space };
        var meter = new LatencyMeter(data, options);
        var measured = meter.Measure(architectures, journal, progress, cancellation);
        // Everything this device has finished, in this run and earlier ones, goes into its file.
        // The timing ran with the protocol's thread count, not the process's default one.
        var environment = RunEnvironment.Capture($"nasflat measure {name}") with { TorchThreads = options.Threads };
        DeviceFileWriter.Write(path, data, name, meter.Completed(journal), options, environment);
        return measured;
    }
}

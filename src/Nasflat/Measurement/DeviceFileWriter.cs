using System.Text.Json;
using Nasflat.Data;
using Nasflat.Evaluation;
using Nasflat.IO;
using Nasflat.Native;
using Nasflat.Spaces;

namespace Nasflat.Measurement;

/// <summary>What a measured device file says about how it was measured (written next to it as JSON).</summary>
public sealed record DeviceMeasurementInfo(string Name, SearchSpaceKind Space, RunEnvironment Environment, MeasurementOptions Options,
    int Architectures, int Unstable, double MedianSpread);

/// <summary>Writes a measured device as a <see cref="DeviceFile"/> the data layer loads, with its measurement record.</summary>
public static class DeviceFileWriter
{
    /// <summary>Writes the device's latencies (atomically) and its measurement record (name.json).</summary>
    public static void Write(string path, SpaceData data, string name, IReadOnlyList<ArchitectureTiming> timings, MeasurementOptions options, RunEnvironment environment)
    {
        if (!DeviceFile.IsValidName(name))
            throw new NasflatException($"Device name '{name}' must use letters, digits, '_' or '-' only.");
        var csv = new CsvText("index", data.Space == SearchSpaceKind.Nb201 ? "arch_str" : "op_idx", name);
        foreach (var t in timings.OrderBy(t => t.Index)) csv.Add(t.Index, data.ArchitectureText(t.Index), t.LatencyMs);
        AtomicFile.WriteAllText(path, csv.ToString());
        var info = new DeviceMeasurementInfo(name, data.Space, environment, options, timings.Count, timings.Count(t => !t.Converged),
            Statistics.Median(timings.Select(t => t.Spread)));
        AtomicFile.WriteAllText(System.IO.Path.ChangeExtension(path, ".json"), JsonSerializer.Serialize(info, JsonFormat.Options));
    }

}

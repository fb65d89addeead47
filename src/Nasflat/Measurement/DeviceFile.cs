using Nasflat.Evaluation;
using System.Text.Json;
using Nasflat.Data;
using Nasflat.IO;
using Nasflat.Reporting;
using Nasflat.Spaces;

namespace Nasflat.Measurement;

/// <summary>What a measured device file says about how it was measured (written next to it as JSON).</summary>
public sealed record DeviceMeasurementInfo(string Name, SearchSpaceKind Space, RunEnvironment Environment, MeasurementOptions Options,
    int Architectures, int Unstable, double MedianSpread);

/// <summary>
/// A user's measured device, stored like the shipped latency files (<c>index,arch_str|op_idx,&lt;name&gt;</c>, ms) under
/// <c>&lt;devices&gt;/&lt;space&gt;/&lt;name&gt;.csv</c>, so the data layer loads it like any other device.
/// </summary>
public static class DeviceFile
{
    public static string PathFor(string devicesDirectory, SearchSpaceKind space, string name) =>
        System.IO.Path.Combine(devicesDirectory, space.Id(), $"{name}.csv");

    /// <summary>Writes the device's latencies (atomically) and its measurement record (name.json).</summary>
    public static void Write(string path, SpaceData data, string name, IReadOnlyList<ArchitectureTiming> timings, MeasurementOptions options, RunEnvironment environment)
    {
        if (!IsValidName(name))
            throw new NasflatException($"Device name '{name}' must use letters, digits, '_' or '-' only.");
        var csv = new CsvText("index", data.Space == SearchSpaceKind.Nb201 ? "arch_str" : "op_idx", name);
        foreach (var t in timings.OrderBy(t => t.Index)) csv.Add(t.Index, data.ArchitectureText(t.Index), t.LatencyMs);
        AtomicFile.WriteAllText(path, csv.ToString());
        var info = new DeviceMeasurementInfo(name, data.Space, environment, options, timings.Count, timings.Count(t => !t.Converged),
            Statistics.Median(timings.Select(t => t.Spread)));
        AtomicFile.WriteAllText(System.IO.Path.ChangeExtension(path, ".json"), JsonSerializer.Serialize(info, BenchmarkReport.Json));
    }

    public static bool IsValidName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>Every device file of a space in a devices folder, read strictly like the shipped files.</summary>
    public static IReadOnlyList<DeviceLatencies> LoadAll(string devicesDirectory, SearchSpaceKind space, IReadOnlyList<string> keys)
    {
        string folder = System.IO.Path.Combine(devicesDirectory, space.Id());
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal)
            .SelectMany(file => LatencyFileReader.Read(new LatencyFileSpec(file, DeviceSource.User, "ms", 1.0, _ => false), space, keys,
                space == SearchSpaceKind.Nb201 ? "arch_str" : "op_idx"))
            .ToList();
    }
}

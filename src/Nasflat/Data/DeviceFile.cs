using Nasflat.Spaces;

namespace Nasflat.Data;

/// <summary>
/// A user's measured device, stored like the shipped latency files (<c>index,arch_str|op_idx,&lt;name&gt;</c>, ms) under
/// <c>&lt;devices&gt;/&lt;space&gt;/&lt;name&gt;.csv</c>, so the data layer loads it like any other device.
/// </summary>
public static class DeviceFile
{
    public static string PathFor(string devicesDirectory, SearchSpaceKind space, string name) =>
        System.IO.Path.Combine(devicesDirectory, space.Id(), $"{name}.csv");

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

using System.Collections.Immutable;
using Nasflat.Spaces;

namespace Nasflat.Data;

/// <summary>Latencies of one device in milliseconds over all architectures of its space; NaN marks "not measured".</summary>
public sealed record DeviceLatencies(DeviceInfo Device, ImmutableArray<double> Milliseconds);

/// <summary>
/// Architectures × devices latency table of one search space, in milliseconds, with explicit missing values.
/// Immutable; columns are kept per device because every consumer reads whole devices.
/// </summary>
public sealed class LatencyMatrix
{
    private readonly ImmutableArray<DeviceLatencies> _columns;
    private readonly Dictionary<string, int> _byName;
    private readonly ImmutableArray<int>[] _measured;

    public SearchSpaceKind Space { get; }
    public int ArchitectureCount { get; }
    public IReadOnlyList<DeviceInfo> Devices { get; }

    public LatencyMatrix(SearchSpaceKind space, int architectureCount, IEnumerable<DeviceLatencies> columns)
    {
        Space = space;
        ArchitectureCount = architectureCount;
        _columns = columns.ToImmutableArray();
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int d = 0; d < _columns.Length; d++)
        {
            var column = _columns[d];
            if (column.Milliseconds.Length != architectureCount)
                throw new ArgumentException($"Device {column.Device.Name} has {column.Milliseconds.Length} values for {architectureCount} architectures.");
            if (!_byName.TryAdd(column.Device.Name, d))
                throw new NasflatException(
                    $"Device '{column.Device.Name}' is defined twice ({_columns[_byName[column.Device.Name]].Device.SourceFile} and {column.Device.SourceFile}). Rename one of them.");
        }
        Devices = _columns.Select(c => c.Device).ToImmutableArray();
        _measured = _columns
            .Select(c => Enumerable.Range(0, architectureCount).Where(i => !double.IsNaN(c.Milliseconds[i])).ToImmutableArray())
            .ToArray();
    }

    public bool Contains(string device) => _byName.ContainsKey(device);

    /// <summary>The column index of a device; <see cref="UnknownDeviceException"/> with suggestions when it does not exist.</summary>
    public int IndexOf(string device) =>
        _byName.TryGetValue(device, out int index) ? index : throw new UnknownDeviceException(device, Space.Id(), _byName.Keys);

    public DeviceInfo Device(string name) => Devices[IndexOf(name)];

    /// <summary>All latencies of a device in ms, aligned with architecture indices; NaN where not measured.</summary>
    public ImmutableArray<double> Column(int device) => _columns[device].Milliseconds;

    public ImmutableArray<double> Column(string device) => Column(IndexOf(device));

    public bool IsMeasured(int architecture, int device) => !double.IsNaN(_columns[device].Milliseconds[architecture]);

    /// <summary>The latency in ms, or null when the architecture was not measured on the device.</summary>
    public double? Latency(int architecture, string device)
    {
        double value = Column(device)[architecture];
        return double.IsNaN(value) ? null : value;
    }

    /// <summary>Indices of the architectures measured on a device, ascending.</summary>
    public ImmutableArray<int> MeasuredArchitectures(int device) => _measured[device];

    /// <summary>Architectures measured on every one of the given devices, ascending.</summary>
    public IReadOnlyList<int> MeasuredOnAll(IReadOnlyCollection<int> devices) =>
        Enumerable.Range(0, ArchitectureCount).Where(a => devices.All(d => IsMeasured(a, d))).ToList();

    /// <summary>A matrix with more devices, e.g. ones a user measured.</summary>
    public LatencyMatrix With(IEnumerable<DeviceLatencies> extra) => new(Space, ArchitectureCount, _columns.Concat(extra));
}

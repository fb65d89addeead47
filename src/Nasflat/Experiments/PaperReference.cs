using System.Text.Json;

namespace Nasflat.Experiments;

/// <summary>
/// The paper's published numbers (headline table and per-device values), kept in one embedded file
/// (<c>PaperReference.json</c>) so every report prints them from the same source.
/// </summary>
public sealed class PaperReference
{
    public sealed record Value(double Mean, double? Std = null, int? K = null, string? Note = null);

    private readonly Dictionary<string, Dictionary<string, Value>> _tasks;
    private readonly Dictionary<(string Task, string Device), Dictionary<string, Value>> _devices;

    public string Source { get; }

    /// <summary>One device of the paper's latency-constrained NAS comparison (§8.10).</summary>
    /// <param name="Points">Per method, its (latency ms, CIFAR-100 accuracy %) results.</param>
    public sealed record NasDevice(string Device, IReadOnlyList<double> ConstraintsMs, IReadOnlyDictionary<string, IReadOnlyList<(double LatencyMs, double Accuracy)>> Points);

    private readonly Dictionary<string, NasDevice> _nas;

    public string NasSource { get; }

    /// <summary>The paper's NAS comparison for a device, or null when it has none.</summary>
    public NasDevice? Nas(string device) => _nas.GetValueOrDefault(device);

    public IReadOnlyList<string> NasDevices => [.. _nas.Keys];

    /// <summary>Methods with published task numbers, in report order.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["NASFLAT", "HELP", "MultiPredict"];

    /// <summary>The paper's name for a method (by its command-line name) whose numbers it publishes, else null.</summary>
    public static string? PaperName(string method) => method switch
    {
        "nasflat" => "NASFLAT",
        "help" => "HELP",
        "multipredict" => "MultiPredict",
        _ => null,
    };

    private PaperReference(JsonElement root)
    {
        Source = root.GetProperty("source").GetString() ?? "";
        _tasks = root.GetProperty("tasks").EnumerateObject().ToDictionary(t => t.Name, t => ReadMethods(t.Value));
        _devices = root.GetProperty("devices").EnumerateArray().ToDictionary(
            d => (d.GetProperty("task").GetString()!, d.GetProperty("device").GetString()!), ReadMethods);
        var nas = root.GetProperty("nas");
        NasSource = nas.GetProperty("source").GetString() ?? "";
        _nas = nas.GetProperty("devices").EnumerateObject().ToDictionary(d => d.Name, d => new NasDevice(
            d.Name,
            [.. d.Value.GetProperty("constraints").EnumerateArray().Select(c => c.GetDouble())],
            d.Value.EnumerateObject().Where(p => p.Name != "constraints").ToDictionary(
                p => p.Name,
                p => (IReadOnlyList<(double, double)>)[.. p.Value.EnumerateArray().Select(pt => (pt[0].GetDouble(), pt[1].GetDouble()))])));
    }

    private static readonly Lazy<PaperReference> Instance = new(() =>
    {
        using var stream = typeof(PaperReference).Assembly.GetManifestResourceStream("Nasflat.Experiments.PaperReference.json")
            ?? throw new InvalidOperationException("The embedded paper reference is missing from the build.");
        using var document = JsonDocument.Parse(stream);
        return new PaperReference(document.RootElement.Clone());
    });

    public static PaperReference Load() => Instance.Value;

    /// <summary>The paper's task score for a method, or null when the paper has none for that task.</summary>
    public Value? Task(string taskId, string method) =>
        _tasks.TryGetValue(taskId, out var methods) && methods.TryGetValue(method, out var value) ? value : null;

    public Value? Device(string taskId, string device, string method) =>
        _devices.TryGetValue((taskId, device), out var methods) && methods.TryGetValue(method, out var value) ? value : null;

    private static Dictionary<string, Value> ReadMethods(JsonElement element) =>
        element.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Object)
            .ToDictionary(p => p.Name, p => new Value(
                p.Value.GetProperty("mean").GetDouble(),
                p.Value.TryGetProperty("std", out var std) ? std.GetDouble() : null,
                p.Value.TryGetProperty("k", out var k) ? k.GetInt32() : null,
                p.Value.TryGetProperty("note", out var note) ? note.GetString() : null));
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Nasflat.Baselines;

/// <summary>Every method the comparison harness can run, by the name the command line uses.</summary>
public static class FewShotMethods
{
    /// <summary>NASFLAT's predictor runs through <see cref="Experiments.TransferExperiment"/>; the others through <see cref="MethodExperiment"/>.</summary>
    public const string Nasflat = "nasflat";

    public static IReadOnlyList<string> Names { get; } = [Nasflat, "help", "multipredict", "flops", "params", "nearest", "scratch", "gbt", "ridge"];

    /// <summary>The paper's name for a method whose numbers it publishes, else null.</summary>
    public static string? PaperName(string method) => method switch
    {
        Nasflat => "NASFLAT",
        "help" => "HELP",
        "multipredict" => "MultiPredict",
        _ => null,
    };

    public static IReadOnlyList<string> Parse(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToList();
        if (names.Count == 1 && names[0] == "all") return Names;
        foreach (var name in names)
            if (!Names.Contains(name))
                throw new NasflatException($"Unknown method '{name}'. Use a comma-separated list of {string.Join(", ", Names)}, or 'all'.");
        if (names.Count == 0) throw new NasflatException($"No method given; use e.g. --methods nasflat,help.");
        return names.Distinct().ToList();
    }

    public static IFewShotMethod Create(string name, BaselineOptions options) => name switch
    {
        "help" => new HelpMethod(options.Help),
        "multipredict" => new MultiPredictMethod(options.MultiPredict),
        "flops" or "params" => new CostProxyMethod(name),
        "nearest" => new NearestDeviceMethod(),
        "scratch" => new ScratchMethod(),
        "gbt" => new GbtMethod(options.Gbt),
        "ridge" => new StructuralRidgeMethod(),
        _ => throw new NasflatException($"'{name}' is not a baseline the method harness runs; use one of {string.Join(", ", Names.Skip(1))}."),
    };
}

/// <summary>The baselines' settings, kept with the experiment options so every report records them.</summary>
public sealed record BaselineOptions
{
    public HelpOptions Help { get; init; } = new();
    public MultiPredictOptions MultiPredict { get; init; } = new();
    public GbtOptions Gbt { get; init; } = new();

    /// <summary>
    /// Settings from a JSON file laid over <paramref name="basis"/> (default: the defaults): properties the file leaves
    /// out keep the basis's values, so a preset's reduced settings survive a file that changes one of them. Errors name
    /// the file and line.
    /// </summary>
    public static BaselineOptions Read(string path, BaselineOptions? basis = null) => ReadOverlay(path)(basis ?? new BaselineOptions());

    /// <summary>
    /// The file read and checked once, as a function that lays it over any basis (a bench run has one preset per space).
    /// </summary>
    public static Func<BaselineOptions, BaselineOptions> ReadOverlay(string path)
    {
        if (!File.Exists(path)) throw new NasflatException($"Baseline settings file {path} does not exist.");
        string text = File.ReadAllText(path);
        var strict = new JsonSerializerOptions { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
        try
        {
            // Deserialised on its own first so that unknown names and wrong types are reported with the file's lines.
            _ = JsonSerializer.Deserialize<BaselineOptions>(text, strict)
                ?? throw new NasflatException($"{path} is empty; write e.g. {{\"Help\": {{\"Episodes\": 500}}}}.");
        }
        catch (JsonException e)
        {
            throw new NasflatException($"{path}, line {e.LineNumber + 1}: {e.Message} Fix the JSON; known sections are Help, MultiPredict and Gbt.");
        }
        var overrides = JsonNode.Parse(text)!.AsObject();
        return basis =>
        {
            var merged = JsonSerializer.SerializeToNode(basis)!.AsObject();
            Overlay(merged, overrides);
            return merged.Deserialize<BaselineOptions>(strict)!;
        };
    }

    private static void Overlay(JsonObject into, JsonObject from)
    {
        foreach (var (name, value) in from)
        {
            if (value is JsonObject section && into[name] is JsonObject existing) Overlay(existing, section);
            else into[name] = value?.DeepClone();
        }
    }
}

namespace Nasflat.Baselines;

/// <summary>Every method the comparison harness can run, by the name the command line uses.</summary>
public static class FewShotMethods
{
    /// <summary>NASFLAT's predictor runs through <see cref="Experiments.TransferExperiment"/>; the others through <see cref="MethodExperiment"/>.</summary>
    public const string Nasflat = "nasflat";

    public static IReadOnlyList<string> Names { get; } = [Nasflat, "help", "multipredict", "flops", "params", "nearest", "scratch", "gbt"];

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
        _ => throw new NasflatException($"'{name}' is not a baseline the method harness runs; use one of {string.Join(", ", Names.Skip(1))}."),
    };
}

/// <summary>The baselines' settings, kept with the experiment options so every report records them.</summary>
public sealed record BaselineOptions
{
    public HelpOptions Help { get; init; } = new();
    public MultiPredictOptions MultiPredict { get; init; } = new();
    public GbtOptions Gbt { get; init; } = new();
}
